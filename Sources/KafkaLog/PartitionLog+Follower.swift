import KafkaWire
import NIOCore

extension PartitionLog {
    /// Appends replicated batches as follower, keeping their offsets and epochs. Offsets must continue the log
    /// (first base offset >= log end, increasing); producer state and the epoch cache follow the batches.
    public func appendAsFollower(_ records: ByteBuffer) throws(LogAppendError) {
        let batches = try self.validateForAppend(records, asFollower: true)
        try self.state.withLock { state throws(LogAppendError) in
            guard !state.isClosed else { throw .kafkaStorageError("log \(self.directory) is closed") }
            var expected = state.logEndOffset
            var assigned: [(position: Int, header: RecordBatchHeader)] = []
            for (index, header) in batches {
                guard header.hasSaneOffsets else {
                    throw .corruptMessage("batch offsets out of range: base \(header.baseOffset)")
                }
                guard header.baseOffset >= expected else {
                    throw .offsetsOutOfOrder(expectedAtLeast: expected, received: header.baseOffset)
                }
                assigned.append((index - records.readerIndex, header))
                expected = header.nextOffset
            }
            do {
                try self.writeBatches(
                    [records], byteCount: records.readableBytes, assigned, state: &state, lastOffset: expected - 1,
                    nowMs: nil)
                var epochChanged = false
                for (_, header) in assigned {
                    ProducerSequenceRules.replay(header, into: &state.producers)
                    if state.epochCache.assign(epoch: header.partitionLeaderEpoch, startOffset: header.baseOffset) {
                        epochChanged = true
                    }
                }
                if epochChanged { try self.writeEpochCheckpoint(state) }
            } catch {
                throw .kafkaStorageError("\(error)")
            }
        }
    }
}
