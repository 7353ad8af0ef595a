import KafkaWire
import NIOCore
import Testing

@Suite("Headers and protocol tables")
struct HeaderTests {
    @Test("request header versions follow each API's flexible versions")
    func requestHeaderVersions() {
        #expect(RequestHeader.headerVersion(apiKey: 3, version: 8) == 1)
        #expect(RequestHeader.headerVersion(apiKey: 3, version: 9) == 2)
        #expect(RequestHeader.headerVersion(apiKey: 18, version: 2) == 1)
        #expect(RequestHeader.headerVersion(apiKey: 18, version: 3) == 2)
        #expect(RequestHeader.headerVersion(apiKey: 7, version: 0) == 0)
        #expect(RequestHeader.headerVersion(apiKey: 999, version: 0) == 1)
    }

    @Test("response header v1 only for flexible versions, never for ApiVersions")
    func responseHeaderVersions() {
        #expect(ResponseHeader.headerVersion(apiKey: 18, version: 3) == 0)
        #expect(ResponseHeader.headerVersion(apiKey: 3, version: 9) == 1)
        #expect(ResponseHeader.headerVersion(apiKey: 3, version: 8) == 0)
        #expect(ResponseHeader.headerVersion(apiKey: 0, version: 9) == 1)
    }

    @Test("request headers round-trip at v1 and v2, with a null client id")
    func requestHeaderRoundTrip() throws {
        for header in [
            RequestHeader(apiKey: 3, apiVersion: 1, correlationId: 9, clientId: nil),
            RequestHeader(apiKey: 3, apiVersion: 12, correlationId: -4, clientId: "rdkafka"),
            RequestHeader(apiKey: 7, apiVersion: 0, correlationId: 1, clientId: nil),
        ] {
            var buffer = ByteBuffer()
            header.encode(into: &buffer)
            var reader = WireReader(buffer)
            #expect(try RequestHeader(from: &reader) == header)
            try reader.expectEnd()
        }
    }

    @Test("an unknown API key still yields a header")
    func unknownKeyHeader() throws {
        var reader = WireReader(bytes([0x03, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0xff, 0xff]))
        let header = try RequestHeader(from: &reader)
        #expect(header.apiKey == 999)
        #expect(header.correlationId == 5)
        #expect(header.clientId == nil)
    }

    @Test("decodeRequest rejects versions outside the served range")
    func unsupportedVersionRejected() {
        let frame = encodeRequestFrame(MetadataRequest(), version: 9, correlationId: 1, clientId: nil)
        let payload = frame.getSlice(at: 4, length: frame.readableBytes - 4)!
        #expect(throws: WireError.unsupportedVersion(apiKey: 3, version: 9)) {
            _ = try decodeRequest(MetadataRequest.self, from: payload)
        }
    }

    @Test("API keys and error codes match Kafka's numbering")
    func tables() {
        #expect(APIKey.produce.rawValue == 0)
        #expect(APIKey.apiVersions.rawValue == 18)
        #expect(APIKey.describeConfigs.rawValue == 32)
        #expect(APIKey.createPartitions.rawValue == 37)
        #expect(APIKey.apiVersions.firstFlexibleVersion == 3)
        #expect(APIKey.saslHandshake.firstFlexibleVersion == nil)
        #expect(APIKey.offsetForLeaderEpoch.name == "OffsetForLeaderEpoch")
        #expect(ErrorCode.unsupportedVersion.rawValue == 35)
        #expect(ErrorCode.memberIdRequired.rawValue == 79)
        #expect(ErrorCode.unknownServerError.rawValue == -1)
        #expect(ErrorCode.notLeaderOrFollower.name == "NOT_LEADER_OR_FOLLOWER")
        #expect(ErrorCode(rawValue: 4242).name == "UNKNOWN_CODE_4242")
    }
}
