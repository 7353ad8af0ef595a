import KafkaWire
import NIOCore
import Testing

@Suite struct ResponseFrameTests {
    private static let large = ByteBuffer(repeating: 0xAB, count: RecordSplices.minimumBytes)
    private static let small = ByteBuffer(repeating: 0xCD, count: 100)

    private static let fetch = FetchResponse(responses: [
        .init(topic: "a", partitions: [
            .init(partitionIndex: 0, highWatermark: 10, records: large),
            .init(partitionIndex: 1, highWatermark: 3, records: small),
            .init(partitionIndex: 2, records: nil),
        ]),
        .init(topic: "b", partitions: [.init(partitionIndex: 0, highWatermark: 7, records: large)]),
    ])

    /// The frame as the plain encoder writes it: everything copied into one buffer.
    private func copiedFrame(version: Int16) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(0))
        ResponseHeader(correlationId: 9).encode(
            into: &buffer, headerVersion: ResponseHeader.headerVersion(apiKey: APIKey.fetch.rawValue, version: version))
        Self.fetch.encode(into: &buffer, version: version)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: 0)
        return buffer
    }

    @Test(arguments: [Int16(4), 11])
    func largeRecordSetsBecomeChunksOfTheirOwnAndTheBytesAreUnchanged(version: Int16) throws {
        let frame = ResponseFrame(encoding: Self.fetch, apiKey: .fetch, version: version, correlationId: 9)
        #expect(try frame.joined() == copiedFrame(version: version))
        #expect(frame.byteCount == copiedFrame(version: version).readableBytes)
        // fields, large records, fields (topic a's rest, topic b up to its records), large records; no empty tail.
        #expect(frame.chunks.count == 4)
        let largeStart = Self.large.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        for index in [1, 3] {
            guard case .bytes(let chunk) = frame.chunks[index] else {
                Issue.record("chunk \(index) is not in memory")
                continue
            }
            #expect(chunk.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } == largeStart)
        }
        var body = try frame.joined()
        body.moveReaderIndex(forwardBy: 4)
        let (correlationId, decoded) = try decodeResponseBody(FetchRequest.self, version: version, from: body)
        #expect(correlationId == 9)
        #expect(decoded == Self.fetch)
    }

    @Test func aResponseWithoutLargeRecordsIsOneChunk() {
        let frame = ResponseFrame(encoding: HeartbeatResponse(), apiKey: .heartbeat, version: 3, correlationId: 1)
        #expect(frame.chunks.count == 1)
        let small = FetchResponse(responses: [.init(topic: "a", partitions: [.init(records: Self.small)])])
        #expect(ResponseFrame(encoding: small, apiKey: .fetch, version: 11, correlationId: 1).chunks.count == 1)
    }

    /// Stands in for a segment file's record set.
    final class RecordsOnDisk: FileBackedRecords {
        let bytes: ByteBuffer
        var byteCount: Int { bytes.readableBytes }

        init(_ bytes: ByteBuffer) { self.bytes = bytes }

        func beginSend(onTruncation: @escaping @Sendable () -> Void) throws -> FileRecordsSend {
            throw WireError.truncated(needed: 0, remaining: 0)  // not sent in these tests
        }

        func readBytes() throws -> ByteBuffer { bytes }
    }

    @Test(arguments: [Int16(4), 11])
    func aRecordSetInAFileIsAChunkOfItsOwnAndReadWhenCopied(version: Int16) throws {
        var inFile = Self.fetch
        inFile.responses[0].partitions[0].records = nil
        inFile.responses[0].partitions[0].recordsInFile = RecordsInFile(RecordsOnDisk(Self.large))
        let frame = ResponseFrame(encoding: inFile, apiKey: .fetch, version: version, correlationId: 9)
        #expect(frame.byteCount == copiedFrame(version: version).readableBytes)
        guard case .file(let records) = frame.chunks[1] else {
            Issue.record("the record set in a file was not left to be sent from it")
            return
        }
        #expect(records.byteCount == Self.large.readableBytes)
        #expect(try frame.joined() == copiedFrame(version: version))
        // The plain encoder, which copies every record set, reads it: the same bytes as when it was in memory.
        #expect(encodeResponseFrame(inFile, apiKey: .fetch, version: version, correlationId: 9)
            == copiedFrame(version: version))
    }
}
