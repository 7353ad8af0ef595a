/// What `DrivenProducer` reports for one record: just what a tight producing loop needs. Less than half the size
/// of `DeliveryReport`, and no timestamp lookup in the callback: at a million reports a second, both show in the
/// producer's CPU time.
public struct DeliveryOutcome: Sendable, Equatable {
    /// The caller's tag given to `produce`.
    public var tag: UInt64
    /// Time from `produce` to the delivery report, in microseconds, as measured by librdkafka.
    public var latencyMicros: Int64
    /// librdkafka's error code; 0 when the record was acknowledged.
    public var errorCode: Int32

    public init(tag: UInt64, latencyMicros: Int64, errorCode: Int32) {
        self.tag = tag
        self.latencyMicros = latencyMicros
        self.errorCode = errorCode
    }

    public var isAcknowledged: Bool { errorCode == 0 }

    /// `nil` when the record was acknowledged.
    public var error: KafkaError? { errorCode == 0 ? nil : KafkaError(code: errorCode) }
}
