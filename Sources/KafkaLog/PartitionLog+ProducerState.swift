import KafkaWire
import NIOCore

extension PartitionLog {
    /// Snapshots are kept for the two most recent offsets; older ones are deleted when a new one is written.
    static let retainedSnapshots = 2

    func writeProducerSnapshot(_ state: PartitionLogState, offset: Int64) throws(LogError) {
        let path = self.directory + "/" + LogFileNames.offsetPrefix(offset) + LogFileNames.snapshotSuffix
        try LogDirectoryFiles.writeAtomically(ProducerStateSnapshot.encode(state.producers, offset: offset), to: path)
        let offsets = try self.snapshotOffsets()
        for old in offsets.dropLast(Self.retainedSnapshots) {
            try LogDirectoryFiles.remove(self.snapshotPath(old))
        }
    }

    /// Loads the newest usable snapshot at or below the log end, then replays the batches after it.
    /// Snapshots beyond the log end (left by a truncation) are deleted.
    func rebuildProducerState(_ state: inout PartitionLogState) throws(LogError) {
        let logEndOffset = state.logEndOffset
        var producers: [Int64: ProducerEntry] = [:]
        var replayFrom = state.segments[0].baseOffset
        for offset in try self.snapshotOffsets().reversed() {
            if offset > logEndOffset {
                try LogDirectoryFiles.remove(self.snapshotPath(offset))
                continue
            }
            guard let bytes = try LogDirectoryFiles.read(self.snapshotPath(offset)),
                let snapshot = ProducerStateSnapshot.decode(bytes), snapshot.offset == offset
            else { continue }
            producers = snapshot.producers
            replayFrom = max(replayFrom, offset)
            break
        }
        for segment in state.segments where segment.nextOffset > replayFrom {
            var scanner = SegmentBatchScanner(file: segment.file, end: segment.size)
            var position = segment.scanPosition(for: replayFrom)
            while position < segment.size, let header = try scanner.header(at: position),
                header.totalSize >= RecordBatchHeader.size
            {
                if header.baseOffset >= replayFrom {
                    ProducerSequenceRules.replay(header, into: &producers)
                }
                position += header.totalSize
            }
        }
        state.producers = producers
    }

    /// Offsets of the last batch `producerId` wrote (for diagnostics: a sequence gap right after a change of leader
    /// names a batch the producer sent to the previous leader).
    public func lastBatchOffsets(ofProducer producerId: Int64) -> (first: Int64, last: Int64)? {
        self.state.withLock { state in
            state.producers[producerId]?.batches.last.map { ($0.firstOffset, $0.lastOffset) }
        }
    }

    private func snapshotPath(_ offset: Int64) -> String {
        self.directory + "/" + LogFileNames.offsetPrefix(offset) + LogFileNames.snapshotSuffix
    }

    private func snapshotOffsets() throws(LogError) -> [Int64] {
        try LogDirectoryFiles.list(self.directory)
            .compactMap { LogFileNames.offset(fromFileName: $0, suffix: LogFileNames.snapshotSuffix) }
            .sorted()
    }
}
