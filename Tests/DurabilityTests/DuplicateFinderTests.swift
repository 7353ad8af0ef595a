import Durability
import KafkaWire
import NIOCore
import Testing
import Tester

@Suite struct DuplicateFinderTests {
    static let template = StampCodec.Template(messageSize: 80)

    /// One batch at `base` of stamped records (producer 1, key 0) with the given sequences.
    static func batch(base: Int64, sequences: [UInt64], epoch: Int16, baseSequence: Int32) -> ReplicaBatch {
        var builder = RecordBatchBuilder(
            baseOffset: base, partitionLeaderEpoch: 3,
            producer: .init(id: 7000, epoch: epoch, baseSequence: baseSequence))
        for sequence in sequences {
            let stamp = Stamp(runId: 9, producerId: 1, keyIndex: 0, sequence: sequence, sendMicros: 1)
            builder.append(
                key: ByteBuffer(bytes: Stamp.key(for: 0)),
                value: ByteBuffer(bytes: StampCodec.encode(stamp, template: template)), timestamp: 1)
        }
        let bytes = builder.build().map { Array($0.readableBytesView) } ?? []
        return ReplicaBatch(baseOffset: base, lastOffset: base + Int64(sequences.count) - 1, bytes: bytes)
    }

    @Test func aLogWithoutRepeatsHasNoDuplicates() {
        let log = ReplicaLog(broker: 0, logStartOffset: 0, highWatermark: 6, batches: [
            Self.batch(base: 0, sequences: [0, 1, 2], epoch: 0, baseSequence: 0),
            Self.batch(base: 3, sequences: [3, 4, 5], epoch: 0, baseSequence: 3),
        ])
        #expect(DuplicateFinder.find(in: log, topic: "t", partition: 0).isEmpty)
    }

    @Test func aResentRecordIsNamedWithBothBatchHeaders() throws {
        let log = ReplicaLog(broker: 0, logStartOffset: 0, highWatermark: 5, batches: [
            Self.batch(base: 0, sequences: [0, 1, 2], epoch: 0, baseSequence: 0),
            Self.batch(base: 3, sequences: [2, 3], epoch: 1, baseSequence: 0),
        ])
        let duplicates = DuplicateFinder.find(in: log, topic: "t", partition: 4)
        let duplicate = try #require(duplicates.first)
        #expect(duplicates.count == 1)
        #expect(duplicate.partition == 4)
        #expect(duplicate.sequence == 2)
        #expect(duplicate.first.offset == 2)
        #expect(duplicate.first.producerEpoch == 0)
        #expect(duplicate.first.baseSequence == 0)
        #expect(duplicate.second.offset == 3)
        #expect(duplicate.second.producerEpoch == 1)
        #expect(duplicate.second.batchBaseOffset == 3)
        #expect(duplicate.second.producerId == 7000)
        #expect(duplicate.description.contains("epoch 1, baseSequence 0"))
    }
}
