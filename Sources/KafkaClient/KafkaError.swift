import CRdKafka

/// A librdkafka failure, carrying librdkafka's numeric code, its symbolic name and a human message.
///
/// Codes are librdkafka's `rd_kafka_resp_err_t`: negative values are client-side conditions (`_QUEUE_FULL`,
/// `_TIMED_OUT`, ...), positive values are Kafka protocol error codes returned by a broker.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Int32
    public let name: String
    public let message: String

    public init(code: Int32, message: String? = nil) {
        let err = rd_kafka_resp_err_t(rawValue: code)
        self.code = code
        self.name = String(cString: rd_kafka_err2name(err))
        self.message = message ?? String(cString: rd_kafka_err2str(err))
    }

    init(_ err: rd_kafka_resp_err_t, message: String? = nil) {
        self.init(code: err.rawValue, message: message)
    }

    /// An error raised by this wrapper itself (bad configuration, misuse), not by librdkafka.
    public static func client(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, message: message)
    }

    public var description: String { "\(name) (\(code)): \(message)" }

    /// librdkafka's local queue is full (`_QUEUE_FULL`), for a caller that gives up on a record for that reason.
    public static var queueFull: KafkaError { KafkaError(RD_KAFKA_RESP_ERR__QUEUE_FULL) }

    public var isQueueFull: Bool { code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue }
    /// The producer hit a fatal error (`DrivenProducer.fatalError` says which); it fails every record from then on.
    public var isFatal: Bool { code == RD_KAFKA_RESP_ERR__FATAL.rawValue }
    public var isTimedOut: Bool { code == RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue }
    public var isUnknownTopicOrPartition: Bool {
        code == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue || code == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC.rawValue
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    static func consuming(_ error: OpaquePointer) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        return KafkaError(
            code: rd_kafka_error_code(error).rawValue, message: String(cString: rd_kafka_error_string(error)))
    }

    /// librdkafka reports the failure of legacy calls through its thread-local "last error".
    static func last() -> KafkaError { KafkaError(rd_kafka_last_error()) }

    static func check(_ err: rd_kafka_resp_err_t) throws(KafkaError) {
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err) }
    }
}
