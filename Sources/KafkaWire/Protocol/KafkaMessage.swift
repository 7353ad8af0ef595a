import NIOCore

/// A value with a Kafka wire encoding that depends on the API version: a request or response body,
/// or a struct nested inside one.
public protocol KafkaMessage: Sendable {
    /// Decodes the fields present in `version`; absent fields get their spec default.
    init(from reader: inout WireReader, version: Int16) throws
    /// Encodes the fields present in `version`; fields absent in it are not written.
    func encode(into buffer: inout ByteBuffer, version: Int16)
    /// Encodes like `encode(into:version:)`, but may leave large record sets out of `buffer` and list them in
    /// `splices` instead (see `ResponseFrame`). Only messages that carry records implement it.
    func encode(into buffer: inout ByteBuffer, version: Int16, splicing splices: inout RecordSplices)
}

extension KafkaMessage {
    public func encode(into buffer: inout ByteBuffer, version: Int16, splicing splices: inout RecordSplices) {
        encode(into: &buffer, version: version)
    }
}

/// A message that carries record sets (a fetch answer and its parts): it implements only the splicing encoder, and
/// the plain one is that encoder with every record set copied.
public protocol RecordCarryingMessage: KafkaMessage {}

extension RecordCarryingMessage {
    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        var copyAll = RecordSplices(enabled: false)
        encode(into: &buffer, version: version, splicing: &copyAll)
    }
}

/// A request body, tied to its API key and to the response body that answers it.
public protocol KafkaRequest: KafkaMessage {
    associatedtype Response: KafkaMessage
    static var apiKey: APIKey { get }
    /// The versions this codec encodes and decodes (the versions the broker may advertise).
    static var supportedVersions: ClosedRange<Int16> { get }
}
