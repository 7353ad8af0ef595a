import KafkaWire
import NIOCore

extension PartitionLog {
    /// Moves the log start offset to `offset` (DeleteRecords) and deletes segments wholly below it.
    /// `offset` may not exceed the high watermark. Returns the new log start offset.
    @discardableResult
    public func deleteRecords(before offset: Int64) throws(LogError) -> Int64 {
        try self.state.withLock { state throws(LogError) -> Int64 in
            guard !state.isClosed else { throw .closed }
            guard offset <= state.highWatermark, offset >= 0 else {
                throw .offsetOutOfRange(requested: offset, limit: state.highWatermark)
            }
            guard offset > state.logStartOffset else { return state.logStartOffset }
            state.logStartOffset = offset
            if state.active.size > 0, state.logEndOffset <= offset {
                // Everything is deleted: start a fresh segment so the old active one can go.
                try self.roll(&state, newBaseOffset: state.logEndOffset)
            }
            try self.deleteOldSegments(&state) { segment, next in next.baseOffset <= offset }
            if state.epochCache.truncateFromStart(startOffset: state.logStartOffset) {
                try self.writeEpochCheckpoint(state)
            }
            try self.writeCheckpoint(state)
            return state.logStartOffset
        }
    }

    /// Deletes whole old segments by time (newest timestamp older than `retentionMs`) and by size (while the
    /// log stays above `retentionBytes` without the segment). Never the active segment, never data at or above
    /// the high watermark. Returns how many segments were deleted.
    @discardableResult
    public func enforceRetention(nowMs: Int64) throws(LogError) -> Int {
        try self.state.withLock { state throws(LogError) -> Int in
            guard !state.isClosed else { throw .closed }
            let before = state.segments.count
            let highWatermark = state.highWatermark
            if self.config.retentionMs >= 0 {
                let retentionMs = self.config.retentionMs
                try self.deleteOldSegments(&state) { segment, next in
                    next.baseOffset <= highWatermark && nowMs - segment.maxTimestamp > retentionMs
                }
            }
            if self.config.retentionBytes >= 0 {
                var excess = state.sizeInBytes - self.config.retentionBytes
                try self.deleteOldSegments(&state) { segment, next in
                    guard next.baseOffset <= highWatermark, excess - Int64(segment.size) >= 0 else { return false }
                    excess -= Int64(segment.size)
                    return true
                }
            }
            let deleted = before - state.segments.count
            if deleted > 0 {
                state.logStartOffset = max(state.logStartOffset, state.segments[0].baseOffset)
                if state.epochCache.truncateFromStart(startOffset: state.logStartOffset) {
                    try self.writeEpochCheckpoint(state)
                }
                try self.writeCheckpoint(state)
                self.logger.debug(
                    "retention deleted segments",
                    metadata: ["directory": "\(self.directory)", "count": "\(deleted)"]
                )
            }
            return deleted
        }
    }

    /// Deletes segments from the oldest while `shouldDelete(segment, nextSegment)` holds; the active segment
    /// (which has no next) always stays.
    private func deleteOldSegments(
        _ state: inout PartitionLogState,
        _ shouldDelete: (LogSegment, LogSegment) -> Bool
    ) throws(LogError) {
        while state.segments.count > 1, shouldDelete(state.segments[0], state.segments[1]) {
            let segment = state.segments.removeFirst()
            try segment.deleteFiles()
            state.logStartOffset = max(state.logStartOffset, state.segments[0].baseOffset)
        }
    }
}
