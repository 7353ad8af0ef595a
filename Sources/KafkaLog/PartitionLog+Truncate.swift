import KafkaWire
import NIOCore

extension PartitionLog {
    /// Removes every record at or after `offset` (a follower truncating to its leader). Batches are cut whole:
    /// the log ends after the last batch that ends below `offset`. Below the first segment, the log restarts
    /// empty at `offset`.
    public func truncate(to offset: Int64) throws(LogError) {
        try self.state.withLock { state throws(LogError) in
            guard !state.isClosed else { throw .closed }
            guard offset < state.logEndOffset else { return }
            if offset <= state.segments[0].baseOffset || offset < state.logStartOffset {
                for segment in state.segments { try segment.deleteFiles() }
                state.segments = [try LogSegment.create(baseOffset: max(offset, 0), directory: self.directory)]
                state.logStartOffset = max(offset, 0)
            } else {
                let keep = state.segmentIndex(for: offset)
                for segment in state.segments[(keep + 1)...] { try segment.deleteFiles() }
                state.segments.removeSubrange((keep + 1)...)
                let segment = state.active
                var scanner = SegmentBatchScanner(file: segment.file, end: segment.size)
                var position = segment.scanPosition(for: offset)
                while position < segment.size, let header = try scanner.header(at: position),
                    header.totalSize >= RecordBatchHeader.size, header.lastOffset < offset
                {
                    position += header.totalSize
                }
                try segment.truncateFile(toPosition: position)
                try SegmentRecovery(indexIntervalBytes: self.config.indexIntervalBytes).rescan(segment, end: position)
            }
            state.highWatermark = max(state.logStartOffset, min(state.highWatermark, state.logEndOffset))
            state.recoveryPoint = min(state.recoveryPoint, state.logEndOffset)
            if state.epochCache.truncateFromEnd(endOffset: state.logEndOffset) {
                try self.writeEpochCheckpoint(state)
            }
            try self.rebuildProducerState(&state)
            try self.writeCheckpoint(state)
        }
    }
}
