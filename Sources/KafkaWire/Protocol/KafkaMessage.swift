import NIOCore

/// A value with a Kafka wire encoding that depends on the API version: a request or response body,
/// or a struct nested inside one.
public protocol KafkaMessage: Sendable {
    /// Decodes the fields present in `version`; absent fields get their spec default.
    init(from reader: inout WireReader, version: Int16) throws
    /// Encodes the fields present in `version`; fields absent in it are not written.
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

/// A request body, tied to its API key and to the response body that answers it.
public protocol KafkaRequest: KafkaMessage {
    associatedtype Response: KafkaMessage
    static var apiKey: APIKey { get }
    /// The versions this codec encodes and decodes (the versions the broker may advertise).
    static var supportedVersions: ClosedRange<Int16> { get }
}
