import KafkaWire
import NIOCore
import Tester

/// One record a partition holds twice, with both copies' batch headers: the producer id, epoch and base sequence
/// tell whether the broker failed to deduplicate a resend (same epoch and sequence in both) or the client resent
/// the record under a new epoch or sequence (then no broker could have recognised it).
public struct DuplicateRecord: Sendable, Equatable, CustomStringConvertible {
    /// Where one copy sits and the header of the batch that carries it.
    public struct Copy: Sendable, Equatable, CustomStringConvertible {
        public var offset: Int64
        public var batchBaseOffset: Int64
        public var batchLastOffset: Int64
        public var producerId: Int64
        public var producerEpoch: Int16
        public var baseSequence: Int32
        public var partitionLeaderEpoch: Int32

        public init(
            offset: Int64, batchBaseOffset: Int64, batchLastOffset: Int64, producerId: Int64, producerEpoch: Int16,
            baseSequence: Int32, partitionLeaderEpoch: Int32
        ) {
            self.offset = offset
            self.batchBaseOffset = batchBaseOffset
            self.batchLastOffset = batchLastOffset
            self.producerId = producerId
            self.producerEpoch = producerEpoch
            self.baseSequence = baseSequence
            self.partitionLeaderEpoch = partitionLeaderEpoch
        }

        public var description: String {
            "offset \(offset) (batch \(batchBaseOffset)...\(batchLastOffset), producerId \(producerId), "
                + "epoch \(producerEpoch), baseSequence \(baseSequence), leader epoch \(partitionLeaderEpoch))"
        }
    }

    public var topic: String
    public var partition: Int32
    public var stream: StreamID
    public var sequence: UInt64
    public var first: Copy
    public var second: Copy

    public init(topic: String, partition: Int32, stream: StreamID, sequence: UInt64, first: Copy, second: Copy) {
        self.topic = topic
        self.partition = partition
        self.stream = stream
        self.sequence = sequence
        self.first = first
        self.second = second
    }

    public var description: String {
        "\(topic)-\(partition): producer \(stream.producerId) key \(stream.keyIndex) sequence \(sequence) twice: "
            + "\(first) and \(second)"
    }
}

/// Finds the records a replica's log holds more than once, by their stamp (run, producer, key, sequence).
public enum DuplicateFinder {
    /// Compressed batches cannot be decoded here and are skipped (the durability producers do not compress).
    public static func find(in log: ReplicaLog, topic: String, partition: Int32) -> [DuplicateRecord] {
        var seen: [StampKey: DuplicateRecord.Copy] = [:]
        var duplicates: [DuplicateRecord] = []
        for batch in log.batches {
            let buffer = ByteBuffer(bytes: batch.bytes)
            guard let header = try? RecordBatchHeader(parsing: buffer, at: buffer.readerIndex),
                let records = try? RecordBatchDecoder.decodeRecords(of: header, in: buffer, at: buffer.readerIndex)
            else { continue }
            for record in records {
                let key = record.key.map { Array($0.readableBytesView) }
                let value = record.value.map { Array($0.readableBytesView) } ?? []
                guard case .valid(let stamp) = StampCodec.decode(key: key, value: value) else { continue }
                let copy = DuplicateRecord.Copy(
                    offset: record.offset, batchBaseOffset: header.baseOffset, batchLastOffset: header.lastOffset,
                    producerId: header.producerId, producerEpoch: header.producerEpoch,
                    baseSequence: header.baseSequence, partitionLeaderEpoch: header.partitionLeaderEpoch)
                let stampKey = StampKey(stream: stamp.stream, sequence: stamp.sequence)
                if let earlier = seen[stampKey] {
                    duplicates.append(
                        DuplicateRecord(
                            topic: topic, partition: partition, stream: stamp.stream, sequence: stamp.sequence,
                            first: earlier, second: copy))
                } else {
                    seen[stampKey] = copy
                }
            }
        }
        return duplicates
    }

    private struct StampKey: Hashable {
        var stream: StreamID
        var sequence: UInt64
    }
}
