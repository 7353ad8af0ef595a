import KafkaWire
import NIOCore

/// A well-behaved Kafka client built on our codec: typed requests over one `BlockingSocket`, either one call at a
/// time or pipelined (send several, then receive their answers in order, as Kafka guarantees per connection).
final class WireConnection {
    struct UnexpectedCorrelation: Error, CustomStringConvertible {
        var expected: Int32
        var received: Int32
        var description: String { "response correlation id \(received), expected \(expected)" }
    }

    let socket: BlockingSocket
    private var nextCorrelationId: Int32 = 1

    init(port: Int) throws {
        socket = try BlockingSocket(port: port)
    }

    func close() {
        socket.close()
    }

    /// Sends a request and returns its correlation id.
    @discardableResult
    func send<R: KafkaRequest>(_ request: R, version: Int16) throws -> Int32 {
        let correlationId = nextCorrelationId
        nextCorrelationId &+= 1
        try socket.send(encodeRequestFrame(request, version: version, correlationId: correlationId, clientId: "it"))
        return correlationId
    }

    /// Receives the next response, which must answer `correlationId`.
    func receive<R: KafkaRequest>(
        _ type: R.Type, version: Int16, correlationId: Int32, timeoutMillis: Int32 = 15_000
    ) throws -> R.Response {
        let payload = try socket.readFrame(timeoutMillis: timeoutMillis)
        let decoded = try decodeResponseBody(type, version: version, from: payload)
        guard decoded.correlationId == correlationId else {
            throw UnexpectedCorrelation(expected: correlationId, received: decoded.correlationId)
        }
        return decoded.response
    }

    func call<R: KafkaRequest>(_ request: R, version: Int16, timeoutMillis: Int32 = 15_000) throws -> R.Response {
        let correlationId = try send(request, version: version)
        return try receive(R.self, version: version, correlationId: correlationId, timeoutMillis: timeoutMillis)
    }
}

/// The versions the tests speak: the newest of each that needs no flexible encoding.
enum WireVersions {
    static let produce: Int16 = 8
    static let fetch: Int16 = 11
    static let metadata: Int16 = 8
    static let createTopics: Int16 = 4
    static let listOffsets: Int16 = 5
    static let apiVersions: Int16 = 2
}
