import NIOCore

/// Sparse map from a batch's base offset (relative to the segment) to its byte position in the `.log` file.
/// Kept in memory and written whole on flush, roll and close (8-byte entries: relative offset i32,
/// position i32). After a crash, recovery rebuilds it from the log, so the file need not follow each append.
struct OffsetIndex {
    static let entrySize = 8

    private(set) var relativeOffsets: [Int32] = []
    private(set) var positions: [Int32] = []

    var count: Int { self.relativeOffsets.count }

    mutating func append(relativeOffset: Int32, position: Int32) {
        if let last = self.relativeOffsets.last, relativeOffset <= last { return }
        self.relativeOffsets.append(relativeOffset)
        self.positions.append(position)
    }

    /// Byte position of the last indexed batch whose relative base offset is <= `relativeOffset`; 0 if none.
    func position(atOrBefore relativeOffset: Int32) -> Int {
        // Binary search for the first entry greater than the target.
        var low = 0
        var high = self.relativeOffsets.count
        while low < high {
            let middle = (low + high) / 2
            if self.relativeOffsets[middle] <= relativeOffset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? 0 : Int(self.positions[low - 1])
    }

    /// Drops entries that point at or beyond `position` (after a truncation of the log file).
    mutating func removeEntries(atOrAfterPosition position: Int) {
        while let last = self.positions.last, Int(last) >= position {
            self.positions.removeLast()
            self.relativeOffsets.removeLast()
        }
    }

    func encoded() -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: self.count * Self.entrySize)
        for (offset, position) in zip(self.relativeOffsets, self.positions) {
            buffer.writeInteger(offset)
            buffer.writeInteger(position)
        }
        return buffer
    }

    /// Parses an index file; nil when it is not a well-formed index for a log of `logSize` bytes.
    static func decode(_ buffer: ByteBuffer, logSize: Int) -> OffsetIndex? {
        guard buffer.readableBytes % Self.entrySize == 0 else { return nil }
        var index = OffsetIndex()
        var reader = buffer
        while let offset = reader.readInteger(as: Int32.self), let position = reader.readInteger(as: Int32.self) {
            let increasing = index.relativeOffsets.last.map { offset > $0 } ?? (offset >= 0)
            let ordered = index.positions.last.map { position > $0 } ?? (position >= 0)
            guard increasing, ordered, Int(position) < logSize else { return nil }
            index.append(relativeOffset: offset, position: position)
        }
        return index
    }
}
