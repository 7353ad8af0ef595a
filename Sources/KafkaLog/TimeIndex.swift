import NIOCore

/// Sparse map from the largest timestamp seen so far in a segment to the relative base offset of the batch
/// that first reached it (12-byte entries: timestamp i64, relative offset i32). Timestamps only grow, so a
/// binary search finds where to start scanning for "first batch with maxTimestamp >= t".
struct TimeIndex {
    static let entrySize = 12

    private(set) var timestamps: [Int64] = []
    private(set) var relativeOffsets: [Int32] = []

    var count: Int { self.timestamps.count }
    var lastTimestamp: Int64? { self.timestamps.last }

    mutating func append(timestamp: Int64, relativeOffset: Int32) {
        if let last = self.timestamps.last, timestamp <= last { return }
        if let last = self.relativeOffsets.last, relativeOffset < last { return }
        self.timestamps.append(timestamp)
        self.relativeOffsets.append(relativeOffset)
    }

    /// Relative offset of the last entry whose timestamp is below `timestamp`: every batch before that entry's
    /// batch is older than `timestamp`, so a scan can start there. Nil: scan from the segment start.
    func scanStart(forTimestamp timestamp: Int64) -> Int32? {
        var low = 0
        var high = self.timestamps.count
        while low < high {
            let middle = (low + high) / 2
            if self.timestamps[middle] < timestamp { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : self.relativeOffsets[low - 1]
    }

    mutating func removeEntries(atOrAfterRelativeOffset relativeOffset: Int32) {
        while let last = self.relativeOffsets.last, last >= relativeOffset {
            self.relativeOffsets.removeLast()
            self.timestamps.removeLast()
        }
    }

    func encoded() -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: self.count * Self.entrySize)
        for (timestamp, offset) in zip(self.timestamps, self.relativeOffsets) {
            buffer.writeInteger(timestamp)
            buffer.writeInteger(offset)
        }
        return buffer
    }

    static func decode(_ buffer: ByteBuffer) -> TimeIndex? {
        guard buffer.readableBytes % Self.entrySize == 0 else { return nil }
        var index = TimeIndex()
        var reader = buffer
        while let timestamp = reader.readInteger(as: Int64.self), let offset = reader.readInteger(as: Int32.self) {
            guard offset >= 0, index.timestamps.last.map({ timestamp > $0 }) ?? true else { return nil }
            index.append(timestamp: timestamp, relativeOffset: offset)
        }
        return index
    }
}
