import KafkaWire
import NIOCore

/// One segment: a `.log` file of batches plus its in-memory offset and time indexes. Not thread-safe on
/// its own: it is only touched under the owning `PartitionLog`'s lock (readers take the Sendable `file`).
final class LogSegment {
    let baseOffset: Int64
    let file: SegmentFile
    let logPath: String
    let indexPath: String
    let timeIndexPath: String
    /// Bytes of whole batches in the file.
    private(set) var size: Int = 0
    /// Offset after the last batch; `baseOffset` while empty.
    private(set) var nextOffset: Int64
    /// Largest batch MaxTimestamp in the segment; -1 while empty.
    private(set) var maxTimestamp: Int64 = -1
    private var offsetOfMaxTimestamp: Int64
    private(set) var offsetIndex = OffsetIndex()
    private(set) var timeIndex = TimeIndex()
    private var bytesSinceLastIndexEntry = 0
    /// Wall-clock time of the first append, for `segmentMs` rolls.
    private(set) var firstAppendMs: Int64?

    private init(baseOffset: Int64, directory: String, file: SegmentFile) {
        self.baseOffset = baseOffset
        self.file = file
        let prefix = directory + "/" + LogFileNames.offsetPrefix(baseOffset)
        self.logPath = prefix + LogFileNames.logSuffix
        self.indexPath = prefix + LogFileNames.indexSuffix
        self.timeIndexPath = prefix + LogFileNames.timeIndexSuffix
        self.nextOffset = baseOffset
        self.offsetOfMaxTimestamp = baseOffset
    }

    /// A new, empty segment (an existing file at that name is emptied).
    static func create(baseOffset: Int64, directory: String) throws(LogError) -> LogSegment {
        let path = directory + "/" + LogFileNames.offsetPrefix(baseOffset) + LogFileNames.logSuffix
        let file = try SegmentFile.open(path, create: true)
        try file.truncate(to: 0)
        let segment = LogSegment(baseOffset: baseOffset, directory: directory, file: file)
        try LogDirectoryFiles.remove(segment.indexPath)
        try LogDirectoryFiles.remove(segment.timeIndexPath)
        return segment
    }

    /// Opens an existing segment without reading its content (see `loadIndexes` / `recover`).
    static func open(baseOffset: Int64, directory: String) throws(LogError) -> LogSegment {
        let path = directory + "/" + LogFileNames.offsetPrefix(baseOffset) + LogFileNames.logSuffix
        return LogSegment(baseOffset: baseOffset, directory: directory, file: try SegmentFile.open(path, create: false))
    }

    func relative(_ offset: Int64) -> Int32 {
        Int32(clamping: offset - self.baseOffset)
    }

    /// Whether a batch ending at `lastOffset` still fits the 32-bit relative offsets of the index.
    func canHold(lastOffset: Int64) -> Bool {
        lastOffset - self.baseOffset <= Int64(Int32.max)
    }

    /// Byte position to start scanning for the batch that contains `offset`.
    func scanPosition(for offset: Int64) -> Int {
        offset <= self.baseOffset ? 0 : self.offsetIndex.position(atOrBefore: self.relative(offset))
    }

    /// Byte position to start scanning for the first batch with MaxTimestamp >= `timestamp`.
    func scanPosition(forTimestamp timestamp: Int64) -> Int {
        guard let relative = self.timeIndex.scanStart(forTimestamp: timestamp) else { return 0 }
        return self.offsetIndex.position(atOrBefore: relative)
    }

    /// Bookkeeping after a batch was written at `position`: size, offsets, timestamps, sparse index entries.
    func noteAppended(_ header: RecordBatchHeader, at position: Int, indexIntervalBytes: Int, nowMs: Int64?) {
        if self.firstAppendMs == nil, let nowMs { self.firstAppendMs = nowMs }
        if header.maxTimestamp > self.maxTimestamp {
            self.maxTimestamp = header.maxTimestamp
            self.offsetOfMaxTimestamp = header.baseOffset
        }
        if position > 0, self.bytesSinceLastIndexEntry >= indexIntervalBytes {
            self.offsetIndex.append(relativeOffset: self.relative(header.baseOffset), position: Int32(position))
            self.timeIndex.append(
                timestamp: self.maxTimestamp,
                relativeOffset: self.relative(self.offsetOfMaxTimestamp)
            )
            self.bytesSinceLastIndexEntry = 0
        }
        self.bytesSinceLastIndexEntry += header.totalSize
        self.size = position + header.totalSize
        self.nextOffset = header.nextOffset
    }

    /// Writes the batches (already offset-stamped, in one or more pieces, `byteCount` bytes in all) at the end of
    /// the file, allocating up to `allocateAhead` bytes of disk blocks ahead within `rollSize` (the size at which the
    /// segment rolls).
    func write(_ batches: [ByteBuffer], byteCount: Int, rollSize: Int, allocateAhead: Int) throws(LogError) {
        self.file.allocate(
            through: Int64(self.size + byteCount), limit: Int64(rollSize), maximumAhead: Int64(allocateAhead))
        do {
            try self.file.write(batches, at: Int64(self.size))
        } catch {
            // A partial write (disk full) must not leave bytes after `size` that a later, shorter append
            // would not overwrite; recovery would cut them anyway, but a clean restart should not need to.
            try? self.file.truncate(to: Int64(self.size))
            throw error
        }
    }

    /// Cuts the file at `position` (a batch boundary) and clears the in-memory state; the caller rescans
    /// the remaining bytes to rebuild it (truncation is rare: followers and recovery only).
    func truncateFile(toPosition position: Int) throws(LogError) {
        try self.file.truncate(to: Int64(position))
        self.resetForRebuild()
        if position == 0 { self.firstAppendMs = nil }
    }

    /// Resets all in-memory state, then replays `header`s via `noteAppended` (recovery and reload).
    func resetForRebuild() {
        self.size = 0
        self.nextOffset = self.baseOffset
        self.maxTimestamp = -1
        self.offsetOfMaxTimestamp = self.baseOffset
        self.offsetIndex = OffsetIndex()
        self.timeIndex = TimeIndex()
        self.bytesSinceLastIndexEntry = 0
    }

    /// Adopts index files written at the last flush; false when they are missing or do not fit the log.
    func adoptIndexFiles(logSize: Int) throws(LogError) -> Bool {
        guard let indexBytes = try LogDirectoryFiles.read(self.indexPath),
            let timeBytes = try LogDirectoryFiles.read(self.timeIndexPath),
            let offsetIndex = OffsetIndex.decode(indexBytes, logSize: logSize),
            let timeIndex = TimeIndex.decode(timeBytes)
        else { return false }
        self.offsetIndex = offsetIndex
        self.timeIndex = timeIndex
        return true
    }

    /// After adopting index files: the tail after the last index entry is rescanned by the caller.
    func prepareTailScan() -> Int {
        let lastPosition = self.offsetIndex.positions.last.map { Int($0) } ?? 0
        if let last = self.timeIndex.lastTimestamp {
            self.maxTimestamp = last
            self.offsetOfMaxTimestamp = self.baseOffset + Int64(self.timeIndex.relativeOffsets.last ?? 0)
        }
        self.size = lastPosition
        // Count the bytes from the last entry so the next entry lands about one interval later.
        self.bytesSinceLastIndexEntry = 0
        return lastPosition
    }

    /// Persists both indexes and fsyncs the log (flush, roll, close). Adds a final time-index entry so the
    /// segment's max timestamp survives a clean restart.
    func flush() throws(LogError) {
        if self.maxTimestamp >= 0 {
            self.timeIndex.append(
                timestamp: self.maxTimestamp,
                relativeOffset: self.relative(self.offsetOfMaxTimestamp)
            )
        }
        try self.file.sync()
        try LogDirectoryFiles.writeAtomically(self.offsetIndex.encoded(), to: self.indexPath)
        try LogDirectoryFiles.writeAtomically(self.timeIndex.encoded(), to: self.timeIndexPath)
    }

    /// Flushes a segment that will take no more appends (roll, close) and gives back the disk blocks allocated
    /// ahead that it did not use.
    func seal() throws(LogError) {
        try self.file.releaseUnusedAllocation(size: Int64(self.size))
        try self.flush()
    }

    /// Unlinks the segment's files. Readers holding `file` can still finish their reads.
    func deleteFiles() throws(LogError) {
        try LogDirectoryFiles.remove(self.logPath)
        try LogDirectoryFiles.remove(self.indexPath)
        try LogDirectoryFiles.remove(self.timeIndexPath)
    }
}
