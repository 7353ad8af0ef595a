import KafkaWire
import NIOCore

extension PartitionLog {
    /// Appends producer batches as leader: validates every batch (any invalid batch rejects the whole append),
    /// applies idempotence rules, assigns offsets (BaseOffset, outside the CRC), stamps `leaderEpoch`, applies
    /// LogAppendTime when configured, writes, indexes and rolls segments. A resent idempotent batch returns its
    /// original offsets with `isDuplicate` and writes nothing.
    public func append(_ records: ByteBuffer, leaderEpoch: Int32, nowMs: Int64) throws(LogAppendError) -> LogAppendInfo
    {
        var buffer = records
        // CPU work (CRC over every byte, record parsing) happens before taking the lock.
        let batches = try self.validateForAppend(buffer, asFollower: false)
        for (index, header) in batches {
            guard !header.isControl else { throw .invalidRecord("clients may not produce control batches") }
            if self.config.messageTimestampType == .logAppendTime {
                // Changes CRC-covered bytes, so edits (and copies) the buffer; BaseOffset and the leader epoch
                // are stamped without a copy when written (`RecordBatchRewriter.stamped`).
                RecordBatchRewriter.setLogAppendTime(nowMs, in: &buffer, at: index)
            }
        }
        let appendTime: Int64 = self.config.messageTimestampType == .logAppendTime ? nowMs : -1
        return try self.state.withLock { state throws(LogAppendError) -> LogAppendInfo in
            guard !state.isClosed else { throw .kafkaStorageError("log \(self.directory) is closed") }
            var nextOffset = state.logEndOffset
            var assigned: [(position: Int, header: RecordBatchHeader)] = []
            var stamps: [BatchStamp] = []
            var touched: [Int64: ProducerEntry] = [:]
            var records = 0
            for (index, original) in batches {
                var header = original
                header.baseOffset = nextOffset
                header.partitionLeaderEpoch = leaderEpoch
                if appendTime >= 0 { header.maxTimestamp = appendTime }
                let known = touched[header.producerId] ?? state.producers[header.producerId]
                switch try ProducerSequenceRules.check(header, against: known) {
                case .notIdempotent:
                    break
                case .accept(let producerId, let entry):
                    touched[producerId] = entry
                case .duplicate(let cached):
                    return LogAppendInfo(
                        firstOffset: cached.firstOffset,
                        lastOffset: cached.lastOffset,
                        logAppendTimeMs: appendTime,
                        logStartOffset: state.logStartOffset,
                        isDuplicate: true,
                        recordCount: Int(original.recordsCount),
                        byteCount: 0
                    )
                }
                stamps.append(BatchStamp(index: index, baseOffset: nextOffset, leaderEpoch: leaderEpoch))
                assigned.append((index - buffer.readerIndex, header))
                nextOffset = header.nextOffset
                records += Int(header.recordsCount)
            }
            let firstOffset = state.logEndOffset
            let pieces = RecordBatchRewriter.stamped(buffer, stamps)
            // `stamped` leaves out a batch it cannot slice (never for a validated one); writing the rest would put
            // the index out of step with the file, so such an append is refused whole.
            guard pieces.reduce(0, { $0 + $1.readableBytes }) == buffer.readableBytes else {
                throw .corruptMessage("the batches could not be stamped whole")
            }
            do {
                try self.writeBatches(
                    pieces, byteCount: buffer.readableBytes, assigned, state: &state, lastOffset: nextOffset - 1,
                    nowMs: nowMs)
                if state.epochCache.assign(epoch: leaderEpoch, startOffset: firstOffset) {
                    try self.writeEpochCheckpoint(state)
                }
            } catch {
                throw .kafkaStorageError("\(error)")
            }
            state.producers.merge(touched) { _, new in new }
            return LogAppendInfo(
                firstOffset: firstOffset,
                lastOffset: nextOffset - 1,
                logAppendTimeMs: appendTime,
                logStartOffset: state.logStartOffset,
                isDuplicate: false,
                recordCount: records,
                byteCount: buffer.readableBytes
            )
        }
    }

    /// Leader appends check everything; follower appends (`asFollower`) check framing and CRC but not each record
    /// (see `RecordBatchHeader.validate`).
    func validateForAppend(
        _ buffer: ByteBuffer,
        asFollower: Bool
    ) throws(LogAppendError) -> [(index: Int, header: RecordBatchHeader)] {
        let batches: [(index: Int, header: RecordBatchHeader)]
        do {
            batches = try RecordBatchHeader.validateAll(
                in: buffer, requireDenseOffsets: !asFollower, checkRecords: !asFollower)
        } catch {
            throw error.isRecordLevel ? .invalidRecord("\(error)") : .corruptMessage("\(error)")
        }
        guard !batches.isEmpty else { throw .corruptMessage("no record batch in the append") }
        for (_, header) in batches where header.totalSize > self.config.maxMessageBytes {
            throw .messageTooLarge(size: header.totalSize, max: self.config.maxMessageBytes)
        }
        return batches
    }

    /// Writes offset-stamped batches (`pieces`, `byteCount` bytes in all) to the active segment (rolling first if
    /// needed) and indexes them. `assigned` positions are relative to the start of the first piece.
    func writeBatches(
        _ pieces: [ByteBuffer],
        byteCount: Int,
        _ assigned: [(position: Int, header: RecordBatchHeader)],
        state: inout PartitionLogState,
        lastOffset: Int64,
        nowMs: Int64?
    ) throws(LogError) {
        let firstOffset = assigned.first?.header.baseOffset ?? state.logEndOffset
        try self.rollIfNeeded(
            &state,
            incomingBytes: byteCount,
            firstOffset: firstOffset,
            lastOffset: lastOffset,
            nowMs: nowMs
        )
        let segment = state.active
        let start = segment.size
        try segment.write(
            pieces, byteCount: byteCount, rollSize: self.rollSize, allocateAhead: self.config.segmentAllocateAheadBytes)
        for (position, header) in assigned {
            segment.noteAppended(
                header,
                at: start + position,
                indexIntervalBytes: self.config.indexIntervalBytes,
                nowMs: nowMs
            )
        }
    }
}
