import KafkaWire
import NIOCore
import SeededRandom
import Testing

extension IntegrationSuite {
    /// The answers Kafka gives to specific bad input, checked one by one against a real broker process.
    @Suite(.timeLimit(.minutes(3)))
    struct ProtocolErrorTests {
        @Test func protocolErrorsGetKafkasAnswers() async throws {
            try await withCluster("proto", properties: RobustnessSettings.properties) { cluster in
                let port = try await cluster.port()
                try await WireAdmin.createTopicAndWait(port: port, name: "target", partitions: 1)
                try await onThread("proto") {
                    try Self.unknownApiVersionsVersionGetsV0Answer(port: port)
                    try Self.badCRCBatchIsRejectedAndNotAppended(port: port)
                    try Self.oversizeBatchIsMessageTooLarge(port: port)
                    try Self.closesConnection(
                        port: port, on: [0x00, 0x10, 0x00, 0x01], "size above socket.request.max.bytes")
                    try Self.closesConnection(port: port, on: [0xFF, 0xFF, 0xFF, 0xFE], "negative size")
                    try Self.closesConnection(port: port, on: Self.header(key: 60, version: 0), "unknown API key")
                    try Self.closesConnection(
                        port: port, on: Self.header(key: 3, version: 99), "unknown Metadata version")
                }
                #expect(await cluster.isAlive())
            }
        }

        /// Kafka answers an ApiVersions request at an unknown version in the v0 layout with UNSUPPORTED_VERSION and
        /// its whole key table, and keeps the connection, so the client can retry at a version both speak.
        static func unknownApiVersionsVersionGetsV0Answer(port: Int) throws {
            let socket = try BlockingSocket(port: port)
            defer { socket.close() }
            // Versions from 3 up are flexible, so the header carries (empty) tagged fields, as in Kafka.
            try socket.send(
                header(key: APIKey.apiVersions.rawValue, version: 99, correlationId: 77, taggedFields: true))
            let answer = try decodeResponseBody(ApiVersionsRequest.self, version: 0, from: try socket.readFrame())
            #expect(answer.correlationId == 77)
            #expect(answer.response.errorCode == .unsupportedVersion)
            let keys = Set(answer.response.apiKeys.map(\.apiKey))
            #expect(keys.isSuperset(of: [0, 1, 2, 3, 18, 19]))
            let supported = answer.response.apiKeys.first { $0.apiKey == APIKey.apiVersions.rawValue }
            #expect(supported.map { $0.minVersion == 0 && $0.maxVersion >= 2 } == true)
            // Still open: a good request right after is answered.
            try socket.send(encodeRequestFrame(ApiVersionsRequest(), version: 0, correlationId: 78, clientId: "t"))
            let retry = try decodeResponseBody(ApiVersionsRequest.self, version: 0, from: try socket.readFrame())
            #expect(retry.correlationId == 78 && retry.response.errorCode == .none)
        }

        static func badCRCBatchIsRejectedAndNotAppended(port: Int) throws {
            let connection = try WireConnection(port: port)
            defer { connection.close() }
            let before = try WireAdmin.fetch(connection, topic: "target", partition: 0, offset: 0).highWatermark
            var rng = SeededGenerator(seed: 1)
            var bytes = Array(FrameCorpus(topic: "target").batch(using: &rng).readableBytesView)
            BatchCorruptor.damage(&bytes, .badCRC, using: &rng)
            let code = try produce(connection, batch: bytes)
            #expect(code == .corruptMessage, "a batch with a bad CRC must get CORRUPT_MESSAGE (2), got \(code)")
            let after = try WireAdmin.fetch(connection, topic: "target", partition: 0, offset: 0)
            #expect(after.highWatermark == before, "nothing may be appended from a corrupt batch")
            #expect((after.records?.readableBytes ?? 0) == 0)
        }

        static func oversizeBatchIsMessageTooLarge(port: Int) throws {
            let connection = try WireConnection(port: port)
            defer { connection.close() }
            var builder = RecordBatchBuilder()
            builder.append(
                key: nil, value: ByteBuffer(repeating: 0x61, count: RobustnessSettings.maxMessageBytes + 100),
                timestamp: 1_700_000_000_000)
            let batch = Array(builder.build()?.readableBytesView ?? [])
            let code = try produce(connection, batch: batch)
            #expect(
                code == .messageTooLarge, "a batch above message.max.bytes must get MESSAGE_TOO_LARGE (10), got \(code)"
            )
            let after = try WireAdmin.fetch(connection, topic: "target", partition: 0, offset: 0)
            #expect(after.highWatermark == 0)
        }

        static func closesConnection(port: Int, on bytes: [UInt8], _ what: String) throws {
            let socket = try BlockingSocket(port: port)
            defer { socket.close() }
            try socket.send(bytes)
            #expect(throws: SocketError.closed, "\(what) must close the connection") {
                _ = try socket.readFrame(timeoutMillis: 5000)
            }
        }

        static func produce(_ connection: WireConnection, batch: [UInt8]) throws -> ErrorCode {
            let request = ProduceRequest(
                acks: 1, timeoutMs: 5000,
                topicData: [
                    .init(name: "target", partitionData: [.init(index: 0, records: ByteBuffer(bytes: batch))])
                ])
            let response = try connection.call(request, version: WireVersions.produce)
            return response.responses.first?.partitionResponses.first?.errorCode ?? .unknownServerError
        }

        /// A whole frame holding only a request header: key, version, correlation id, client id "t", and for a
        /// v2 header an empty tagged-field section.
        static func header(key: Int16, version: Int16, correlationId: Int32 = 1, taggedFields: Bool = false) -> [UInt8]
        {
            var bytes: [UInt8] = [0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x74] + (taggedFields ? [0] : [])
            FuzzFrame.writeInt32(Int32(bytes.count - 4), into: &bytes, at: 0)
            FuzzFrame.writeInt16(key, into: &bytes, at: 4)
            FuzzFrame.writeInt16(version, into: &bytes, at: 6)
            FuzzFrame.writeInt32(correlationId, into: &bytes, at: 8)
            return bytes
        }
    }
}
