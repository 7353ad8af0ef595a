import KafkaWire
import Logging
import NIOCore
import Testing

@testable import Broker

@Suite struct RequestRouterTests {
    /// A router serving ApiVersions (answered from the table, as the broker does) and Heartbeat v0-3.
    private func makeRouter() -> RequestRouter {
        let heartbeat = RegisteredHandler.typed(HeartbeatRequest.self, versions: 0...3) { _, _ in HeartbeatResponse() }
        let table = [heartbeat]
        let apiVersions = RegisteredHandler.typed(ApiVersionsRequest.self) { _, _ in
            ApiVersionsResponse(apiKeys: RequestHandlers.advertised(table))
        }
        return RequestRouter(handlers: table + [apiVersions], logger: Logger(label: "test"))
    }

    private func frameBody<R: KafkaRequest>(_ request: R, version: Int16, correlationId: Int32 = 7) -> ByteBuffer {
        var frame = encodeRequestFrame(request, version: version, correlationId: correlationId, clientId: "t")
        frame.moveReaderIndex(forwardBy: 4)
        return frame
    }

    private func responseBody(_ outcome: RequestRouter.Outcome) -> ByteBuffer? {
        guard case .respond(let response) = outcome else { return nil }
        guard var frame = try? response.joined() else { return nil }
        frame.moveReaderIndex(forwardBy: 4)
        return frame
    }

    @Test func servesKnownRequests() async throws {
        let outcome = await makeRouter().route(
            frame: frameBody(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m"), version: 3), clientAddress: "x")
        let body = try #require(responseBody(outcome))
        let (correlationId, response) = try decodeResponseBody(HeartbeatRequest.self, version: 3, from: body)
        #expect(correlationId == 7)
        #expect(response.errorCode == .none)
    }

    @Test func unknownApiVersionsVersionGetsUnsupportedVersionInV0Layout() async throws {
        let outcome = await makeRouter().route(frame: frameBody(ApiVersionsRequest(), version: 3).withVersion(99), clientAddress: "x")
        let body = try #require(responseBody(outcome))
        let (_, response) = try decodeResponseBody(ApiVersionsRequest.self, version: 0, from: body)
        #expect(response.errorCode == .unsupportedVersion)
        #expect(response.apiKeys.map(\.apiKey).sorted() == [APIKey.heartbeat.rawValue, APIKey.apiVersions.rawValue].sorted())
    }

    @Test func apiVersionsAdvertisesExactlyTheTable() async throws {
        let outcome = await makeRouter().route(frame: frameBody(ApiVersionsRequest(), version: 0), clientAddress: "x")
        let (_, response) = try decodeResponseBody(ApiVersionsRequest.self, version: 0, from: try #require(responseBody(outcome)))
        let heartbeat = try #require(response.apiKeys.first { $0.apiKey == APIKey.heartbeat.rawValue })
        #expect(heartbeat.minVersion == 0 && heartbeat.maxVersion == 3)
    }

    @Test func unsupportedVersionOfOtherApisClosesTheConnection() async {
        let frame = frameBody(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m"), version: 3).withVersion(9)
        guard case .close = await makeRouter().route(frame: frame, clientAddress: "x") else {
            Issue.record("expected the connection to be closed")
            return
        }
    }

    @Test func unknownApiKeyClosesTheConnection() async {
        var frame = frameBody(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m"), version: 0)
        frame.setInteger(Int16(999), at: frame.readerIndex)
        guard case .close = await makeRouter().route(frame: frame, clientAddress: "x") else {
            Issue.record("expected the connection to be closed")
            return
        }
    }

    @Test func truncatedOrPaddedBodiesCloseTheConnection() async {
        let valid = frameBody(HeartbeatRequest(groupId: "group", generationId: 1, memberId: "member"), version: 2)
        let router = makeRouter()
        for length in 0..<valid.readableBytes {
            let truncated = valid.getSlice(at: valid.readerIndex, length: length) ?? ByteBuffer()
            guard case .close = await router.route(frame: truncated, clientAddress: "x") else {
                Issue.record("truncation to \(length) bytes was not refused")
                return
            }
        }
        var padded = valid
        padded.writeInteger(UInt8(0))
        guard case .close = await router.route(frame: padded, clientAddress: "x") else {
            Issue.record("trailing bytes were not refused")
            return
        }
    }
}

extension ByteBuffer {
    /// The same request frame with its header's api_version replaced.
    fileprivate func withVersion(_ version: Int16) -> ByteBuffer {
        var copy = self
        copy.setInteger(version, at: readerIndex + 2)
        return copy
    }
}
