import KafkaWire
import NIOCore
import Testing

/// Byte-exact frames computed by hand from the message specs.
@Suite("Golden bytes")
struct GoldenBytesTests {
    static let twoKeys = ApiVersionsResponse(
        errorCode: .none,
        apiKeys: [.init(apiKey: 0, minVersion: 0, maxVersion: 8), .init(apiKey: 18, minVersion: 0, maxVersion: 3)])

    @Test("ApiVersions v0 response frame")
    func apiVersionsV0() throws {
        let frame = encodeResponseFrame(Self.twoKeys, apiKey: .apiVersions, version: 0, correlationId: 1)
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x16,  // size 22
            0x00, 0x00, 0x00, 0x01,  // correlation id
            0x00, 0x00,  // error code
            0x00, 0x00, 0x00, 0x02,  // int32 array count
            0x00, 0x00, 0x00, 0x00, 0x00, 0x08,  // Produce 0-8
            0x00, 0x12, 0x00, 0x00, 0x00, 0x03,  // ApiVersions 0-3
        ]
        #expect(array(frame) == expected)
        let decoded = try decodeResponseBody(
            ApiVersionsRequest.self, version: 0, from: frame.getSlice(at: 4, length: frame.readableBytes - 4)!)
        #expect(decoded.correlationId == 1)
        #expect(decoded.response == Self.twoKeys)
    }

    @Test("ApiVersions v3 response frame: header v0 (no tag byte), compact array, tagged fields")
    func apiVersionsV3() throws {
        let frame = encodeResponseFrame(Self.twoKeys, apiKey: .apiVersions, version: 3, correlationId: 1)
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x1a,  // size 26
            0x00, 0x00, 0x00, 0x01,  // correlation id; response header v0 even though v3 is flexible
            0x00, 0x00,  // error code
            0x03,  // compact array: 2 elements + 1
            0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00,  // Produce 0-8, no tags
            0x00, 0x12, 0x00, 0x00, 0x00, 0x03, 0x00,  // ApiVersions 0-3, no tags
            0x00, 0x00, 0x00, 0x00,  // throttle time
            0x00,  // no top-level tags
        ]
        #expect(array(frame) == expected)
    }

    @Test("Metadata v1 request frame")
    func metadataV1Request() {
        let request = MetadataRequest(topics: [.init(name: "t1")])
        let frame = encodeRequestFrame(request, version: 1, correlationId: 7, clientId: "c")
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x13,  // size 19
            0x00, 0x03, 0x00, 0x01,  // api key 3, version 1
            0x00, 0x00, 0x00, 0x07,  // correlation id
            0x00, 0x01, 0x63,  // client id "c"
            0x00, 0x00, 0x00, 0x01,  // one topic
            0x00, 0x02, 0x74, 0x31,  // "t1"
        ]
        #expect(array(frame) == expected)
    }

    @Test("ApiVersions v3 request frame: header v2 keeps a classic client id, then tags")
    func apiVersionsV3Request() throws {
        let request = ApiVersionsRequest(clientSoftwareName: "kcat", clientSoftwareVersion: "1")
        let frame = encodeRequestFrame(request, version: 3, correlationId: 2, clientId: "c")
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x14,  // size 20
            0x00, 0x12, 0x00, 0x03,  // api key 18, version 3
            0x00, 0x00, 0x00, 0x02,  // correlation id
            0x00, 0x01, 0x63,  // client id "c": int16 length, not compact
            0x00,  // header tags
            0x05, 0x6b, 0x63, 0x61, 0x74,  // compact "kcat"
            0x02, 0x31,  // compact "1"
            0x00,  // body tags
        ]
        #expect(array(frame) == expected)

        let payload = try #require(frame.getSlice(at: 4, length: frame.readableBytes - 4))
        let decoded = try decodeRequest(ApiVersionsRequest.self, from: payload)
        #expect(decoded.header == RequestHeader(apiKey: 18, apiVersion: 3, correlationId: 2, clientId: "c"))
        #expect(decoded.request == request)
    }

    @Test("decodes the ApiVersions v3 request librdkafka 2.0.2 actually sends (captured from kcat -L)")
    func librdkafkaApiVersionsRequest() throws {
        let hex = "0012000300000001000772646b61666b61000b6c696272646b61666b6106322e302e3200"
        var payload = ByteBuffer()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            payload.writeInteger(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        let decoded = try decodeRequest(ApiVersionsRequest.self, from: payload)
        #expect(decoded.header == RequestHeader(apiKey: 18, apiVersion: 3, correlationId: 1, clientId: "rdkafka"))
        #expect(decoded.request == ApiVersionsRequest(clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2"))
    }
}
