extension PartitionLog {
    /// Discards the whole log and restarts it empty at `offset`, which becomes the log start and the high
    /// watermark (a follower whose leader's log starts beyond this log's end, as Kafka's
    /// `truncateFullyAndStartAt`). The epoch cache and producer state are cleared.
    public func truncateFullyAndStart(at offset: Int64) throws(LogError) {
        guard offset >= 0 else { throw .offsetOutOfRange(requested: offset, limit: 0) }
        try self.state.withLock { state throws(LogError) in
            guard !state.isClosed else { throw .closed }
            for segment in state.segments { try segment.deleteFiles() }
            state.segments = [try LogSegment.create(baseOffset: offset, directory: self.directory)]
            state.logStartOffset = offset
            state.highWatermark = offset
            state.recoveryPoint = offset
            state.epochCache = LeaderEpochCache()
            try self.writeEpochCheckpoint(state)
            try self.rebuildProducerState(&state)
            try self.writeCheckpoint(state)
        }
    }
}
