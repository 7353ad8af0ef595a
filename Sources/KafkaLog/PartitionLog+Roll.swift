import KafkaWire
import NIOCore

extension PartitionLog {
    /// Rolls before an append when the active segment is full, too old, or cannot index `lastOffset`.
    func rollIfNeeded(
        _ state: inout PartitionLogState,
        incomingBytes: Int,
        firstOffset: Int64,
        lastOffset: Int64,
        nowMs: Int64?
    ) throws(LogError) {
        let active = state.active
        var expired = false
        if let segmentMs = self.config.segmentMs, let first = active.firstAppendMs, let nowMs {
            expired = nowMs - first >= segmentMs
        }
        let full = active.size + incomingBytes > self.rollSize
        // A follower batch may start beyond the log end (a gap): the new segment starts at the batch.
        let needsRoll = active.size > 0 && (full || expired || !active.canHold(lastOffset: lastOffset))
        guard needsRoll else { return }
        try self.roll(&state, newBaseOffset: max(firstOffset, state.logEndOffset))
    }

    /// The size past which the active segment rolls. Index positions are 32-bit: a segment never grows past
    /// Int32.max bytes whatever the config says.
    var rollSize: Int {
        min(self.config.segmentBytes, Int(Int32.max))
    }

    /// Seals the active segment (fsync, index files) and starts a new one at `newBaseOffset`.
    func roll(_ state: inout PartitionLogState, newBaseOffset: Int64) throws(LogError) {
        try state.active.seal()
        let segment = try LogSegment.create(baseOffset: newBaseOffset, directory: self.directory)
        state.segments.append(segment)
        state.recoveryPoint = newBaseOffset
        try self.writeProducerSnapshot(state, offset: newBaseOffset)
        try self.writeCheckpoint(state)
        self.logger.debug("rolled segment", metadata: ["directory": "\(self.directory)", "base": "\(newBaseOffset)"])
    }
}
