import KafkaWire
import NIOCore
import Testing

@Suite struct RecordBatchRestampTests {
    /// A small batch, a large one (its bytes beyond the header are written as a slice) and another small one.
    private static func threeBatches() -> (buffer: ByteBuffer, starts: [Int]) {
        var buffer = ByteBuffer()
        var starts: [Int] = []
        for count in [2, 400, 3] {
            starts.append(buffer.writerIndex)
            buffer.writeImmutableBuffer(RecordBatchTests.sampleBatch(count: count))
        }
        return (buffer, starts)
    }

    @Test func stampedPiecesEqualTheBatchesEditedInPlaceAndLeaveTheBufferAlone() throws {
        let (buffer, starts) = Self.threeBatches()
        let original = buffer
        let stamps = zip(starts, [Int64(100), 102, 502]).map { BatchStamp(index: $0, baseOffset: $1, leaderEpoch: 7) }

        let pieces = RecordBatchRewriter.stamped(buffer, stamps)

        var edited = buffer
        for stamp in stamps {
            RecordBatchRewriter.setBaseOffset(stamp.baseOffset, in: &edited, at: stamp.index)
            RecordBatchRewriter.setPartitionLeaderEpoch(stamp.leaderEpoch, in: &edited, at: stamp.index)
        }
        var joined = ByteBuffer()
        for piece in pieces { joined.writeImmutableBuffer(piece) }
        #expect(joined == edited)
        #expect(buffer == original)
        // small batch + large header | large batch's rest (a slice) | small batch
        #expect(pieces.count == 3)
        let restStart = buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } + UInt(starts[1] + 16)
        #expect(pieces[1].withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } == restStart)
        let headers = try RecordBatchHeader.validateAll(in: joined, requireDenseOffsets: true)
        #expect(headers.map(\.header.baseOffset) == [100, 102, 502])
        #expect(headers.allSatisfy { $0.header.partitionLeaderEpoch == 7 })
    }
}
