import NIOCore

/// (leader epoch, start offset) pairs of one partition (KIP-101), persisted in `leader-epoch-checkpoint`
/// in Kafka's text format: version line `0`, count line, then `epoch startOffset` lines.
struct LeaderEpochCache: Equatable {
    struct Entry: Equatable {
        var epoch: Int32
        var startOffset: Int64
    }

    private(set) var entries: [Entry] = []

    var latestEpoch: Int32? { self.entries.last?.epoch }

    /// Records that `epoch` starts at `offset`. Ignores epochs not newer than the latest; drops entries that
    /// start at or after `offset` (they belong to a history this log no longer has). Returns whether it changed.
    @discardableResult
    mutating func assign(epoch: Int32, startOffset: Int64) -> Bool {
        guard epoch >= 0 else { return false }
        if let latest = self.entries.last, epoch <= latest.epoch { return false }
        self.entries.removeAll { $0.startOffset >= startOffset }
        self.entries.append(Entry(epoch: epoch, startOffset: startOffset))
        return true
    }

    /// The epoch asked for, or the latest one below it, and where the next epoch starts (the log end for the
    /// latest epoch). (-1, -1) when unknown, as Kafka answers OffsetForLeaderEpoch.
    func endOffset(forEpoch epoch: Int32, logEndOffset: Int64) -> (epoch: Int32, endOffset: Int64) {
        guard epoch >= 0, let latest = self.entries.last else { return (-1, -1) }
        if epoch == latest.epoch { return (epoch, logEndOffset) }
        guard let higher = self.entries.first(where: { $0.epoch > epoch }) else { return (-1, -1) }
        guard let floor = self.entries.last(where: { $0.epoch <= epoch }) else {
            // Older than anything we know: the first known epoch starts where it must have ended.
            return (epoch, higher.startOffset)
        }
        return (floor.epoch, higher.startOffset)
    }

    /// After truncating the log to `endOffset`: forget epochs that start at or beyond it.
    @discardableResult
    mutating func truncateFromEnd(endOffset: Int64) -> Bool {
        let before = self.entries.count
        self.entries.removeAll { $0.startOffset >= endOffset }
        return self.entries.count != before
    }

    /// After moving the log start to `startOffset`: the epoch covering it now starts there.
    @discardableResult
    mutating func truncateFromStart(startOffset: Int64) -> Bool {
        guard let covering = self.entries.lastIndex(where: { $0.startOffset <= startOffset }) else { return false }
        guard covering > 0 || self.entries[covering].startOffset < startOffset else { return false }
        self.entries.removeFirst(covering)
        self.entries[0].startOffset = startOffset
        return true
    }

    func encoded() -> String {
        var text = "0\n\(self.entries.count)\n"
        for entry in self.entries { text += "\(entry.epoch) \(entry.startOffset)\n" }
        return text
    }

    /// Parses the checkpoint; nil when malformed (the caller then rebuilds from batches).
    static func decode(_ text: String) -> LeaderEpochCache? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count >= 2, lines[0] == "0", let count = Int(lines[1]), count == lines.count - 2 else {
            return nil
        }
        var cache = LeaderEpochCache()
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let epoch = Int32(fields[0]), let offset = Int64(fields[1]),
                cache.assign(epoch: epoch, startOffset: offset)
            else { return nil }
        }
        return cache
    }
}
