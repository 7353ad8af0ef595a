extension PartitionLog {
    /// Records that leader epoch `epoch` starts at `offset` (a new leader calls it with its log end offset).
    /// Epochs not newer than the latest are ignored. Persisted in `leader-epoch-checkpoint`.
    public func assignEpochStart(epoch: Int32, offset: Int64) throws(LogError) {
        try self.state.withLock { state throws(LogError) in
            guard !state.isClosed else { throw .closed }
            if state.epochCache.assign(epoch: epoch, startOffset: offset) {
                try self.writeEpochCheckpoint(state)
            }
        }
    }

    /// OffsetForLeaderEpoch: the largest known epoch <= `epoch` and the offset where the next epoch starts
    /// (the log end for the latest epoch). (-1, -1) when unknown.
    public func endOffset(forEpoch epoch: Int32) -> (epoch: Int32, endOffset: Int64) {
        self.state.withLock { state in
            guard !state.isClosed else { return (-1, -1) }
            return state.epochCache.endOffset(forEpoch: epoch, logEndOffset: state.logEndOffset)
        }
    }

    /// The newest leader epoch in the cache; nil before any.
    public var latestEpoch: Int32? { self.state.withLock { $0.epochCache.latestEpoch } }

    /// (epoch, start offset) pairs, oldest first (tests, tools).
    public var epochEntries: [(epoch: Int32, startOffset: Int64)] {
        self.state.withLock { state in state.epochCache.entries.map { ($0.epoch, $0.startOffset) } }
    }
}
