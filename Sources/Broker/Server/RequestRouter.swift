import KafkaWire
import Logging
import NIOCore

/// What a handler knows about the request besides its body.
public struct RequestContext: Sendable {
    public var header: RequestHeader
    public var clientAddress: String
}

/// A handler's answer: ready now (nil when no response is due), or owed once a wait is over that need not hold up
/// the connection's next request (an acks=all produce waiting for its followers, after its appends are done).
enum Reply<Response: Sendable>: Sendable {
    case now(Response?)
    case later(@Sendable () async -> Response?)

    func map<Other: Sendable>(_ transform: @escaping @Sendable (Response) -> Other) -> Reply<Other> {
        switch self {
        case .now(let response): return .now(response.map(transform))
        case .later(let finish): return .later { await finish().map(transform) }
        }
    }
}

/// One API key's handler: the versions it serves and how it turns a request body into a response frame.
///
/// The router builds the ApiVersions answer from the same table it routes with, so what is advertised and what
/// is served cannot drift apart.
struct RegisteredHandler: Sendable {
    let apiKey: APIKey
    let versions: ClosedRange<Int16>
    /// Decodes the body, runs the handler, and returns the whole response frame (now or later).
    let respond: @Sendable (_ body: ByteBuffer, _ context: RequestContext) async throws -> Reply<ResponseFrame>

    /// Registers a typed handler that answers before the connection's next request is read; `handle` returns nil
    /// for requests that get no response.
    static func typed<R: KafkaRequest>(
        _ type: R.Type,
        versions: ClosedRange<Int16> = R.supportedVersions,
        _ handle: @escaping @Sendable (R, RequestContext) async throws -> R.Response?
    ) -> RegisteredHandler {
        pipelined(type, versions: versions) { request, context in .now(try await handle(request, context)) }
    }

    /// Registers a typed handler that may finish its in-order work (the appends) and leave the rest of its answer
    /// for later, so the connection's next request is served meanwhile (see `KafkaServer`).
    static func pipelined<R: KafkaRequest>(
        _ type: R.Type,
        versions: ClosedRange<Int16> = R.supportedVersions,
        _ handle: @escaping @Sendable (R, RequestContext) async throws -> Reply<R.Response>
    ) -> RegisteredHandler {
        RegisteredHandler(apiKey: R.apiKey, versions: versions) { body, context in
            let version = context.header.apiVersion
            let correlationId = context.header.correlationId
            var reader = WireReader(body)
            let request = try R(from: &reader, version: version)
            try reader.expectEnd()
            return try await handle(request, context).map { response in
                ResponseFrame(encoding: response, apiKey: R.apiKey, version: version, correlationId: correlationId)
            }
        }
    }
}

/// Routes request frames to handlers by API key and version.
struct RequestRouter: Sendable {
    private let handlers: [Int16: RegisteredHandler]
    let logger: Logger

    init(handlers: [RegisteredHandler], logger: Logger) {
        var table: [Int16: RegisteredHandler] = [:]
        for handler in handlers { table[handler.apiKey.rawValue] = handler }
        self.handlers = table
        self.logger = logger
    }

    /// The advertised versions, straight from the routing table.
    var supportedVersions: [(apiKey: Int16, versions: ClosedRange<Int16>)] {
        handlers.values.map { ($0.apiKey.rawValue, $0.versions) }.sorted { $0.apiKey < $1.apiKey }
    }

    enum Outcome {
        case respond(ResponseFrame)
        /// The request's in-order part is done; its response (if any) comes from `finish`.
        case respondLater(finish: @Sendable () async -> ResponseFrame?)
        case noResponse
        /// The request cannot be understood; Kafka closes the connection in this case.
        case close(reason: String)
    }

    func route(frame: ByteBuffer, clientAddress: String) async -> Outcome {
        var reader = WireReader(frame)
        let header: RequestHeader
        do {
            header = try RequestHeader(from: &reader)
        } catch {
            return .close(reason: "unreadable request header: \(error)")
        }
        guard let handler = handlers[header.apiKey] else {
            return .close(reason: "unknown API key \(header.apiKey)")
        }
        guard handler.versions.contains(header.apiVersion) else {
            if handler.apiKey == .apiVersions {
                return .respond(unsupportedApiVersionsResponse(correlationId: header.correlationId))
            }
            return .close(reason: "unsupported version \(header.apiVersion) of \(handler.apiKey) (serving \(handler.versions))")
        }
        let context = RequestContext(header: header, clientAddress: clientAddress)
        do {
            let body = reader.buffer
            switch try await handler.respond(body, context) {
            case .now(let response?): return .respond(response)
            case .now(nil): return .noResponse
            case .later(let finish): return .respondLater(finish: finish)
            }
        } catch {
            return .close(reason: "malformed \(handler.apiKey) v\(header.apiVersion) request: \(error)")
        }
    }

    /// Kafka's answer to an ApiVersions request at a version it does not know: v0 layout, UNSUPPORTED_VERSION, and
    /// the full key list so the client can retry at a version both sides support.
    private func unsupportedApiVersionsResponse(correlationId: Int32) -> ResponseFrame {
        var response = ApiVersionsResponse()
        response.errorCode = .unsupportedVersion
        response.apiKeys = supportedVersions.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.apiKey, minVersion: $0.versions.lowerBound, maxVersion: $0.versions.upperBound)
        }
        return ResponseFrame(encoding: response, apiKey: .apiVersions, version: 0, correlationId: correlationId)
    }
}
