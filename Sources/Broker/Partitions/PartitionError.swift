import KafkaWire

/// Why a partition refused a request, as the Kafka error code the client expects.
struct PartitionError: Error, Sendable, CustomStringConvertible {
    var code: ErrorCode
    var message: String

    init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code.name): \(message)" }
}
