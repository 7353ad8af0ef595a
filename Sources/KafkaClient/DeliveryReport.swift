/// The outcome of one produced record, as librdkafka reports it once the broker answered (or gave up).
public struct DeliveryReport: Sendable, Equatable {
    /// The caller's tag given to `produce`, echoed back so the caller knows which record this is.
    public var tag: UInt64
    public var partition: Int32
    /// The record's offset in the partition, or -1 when unknown (failed delivery, or acks=0).
    public var offset: Int64
    /// Time from `produce` to the delivery report, in microseconds, as measured by librdkafka.
    public var latencyMicros: Int64
    /// librdkafka's error code; 0 when the record was acknowledged. A plain integer keeps reports trivially
    /// copyable, which matters at a million reports a second.
    public var errorCode: Int32
    /// The record's timestamp as the delivery report carries it (ms since the epoch), or `nil` when unknown.
    public var timestamp: Int64? = nil
    /// True when `timestamp` is the broker's LogAppendTime (the topic uses it), i.e. when the record was appended.
    public var timestampIsLogAppendTime = false

    public init(tag: UInt64, partition: Int32, offset: Int64, latencyMicros: Int64, errorCode: Int32) {
        self.tag = tag
        self.partition = partition
        self.offset = offset
        self.latencyMicros = latencyMicros
        self.errorCode = errorCode
    }

    public var isAcknowledged: Bool { errorCode == 0 }

    /// `nil` when the record was acknowledged.
    public var error: KafkaError? { errorCode == 0 ? nil : KafkaError(code: errorCode) }
}
