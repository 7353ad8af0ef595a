import KafkaWire
import NIOCore

/// Loads or rebuilds one segment's in-memory state from its files.
struct SegmentRecovery {
    let indexIntervalBytes: Int

    /// Trusted path (clean shutdown or fsynced segment): adopt the index files and scan only the bytes after
    /// the last index entry. False when the files do not fit the log; the caller then rebuilds.
    func load(_ segment: LogSegment, fileSize: Int) throws(LogError) -> Bool {
        guard try segment.adoptIndexFiles(logSize: fileSize) else { return false }
        let start = segment.prepareTailScan()
        var scanner = SegmentBatchScanner(file: segment.file, end: fileSize)
        var position = start
        while position < fileSize {
            guard let header = try scanner.header(at: position),
                Self.isSane(header, at: position, in: segment, end: fileSize)
            else { return false }
            segment.noteAppended(header, at: position, indexIntervalBytes: self.indexIntervalBytes, nowMs: nil)
            position += header.totalSize
        }
        return true
    }

    /// Recovery path: re-validates every batch from the start of the segment, rebuilding the indexes.
    /// Returns the byte position after the last valid batch (the file size when all is well).
    func rebuild(
        _ segment: LogSegment,
        fileSize: Int,
        onBatch: (RecordBatchHeader) -> Void
    ) throws(LogError) -> Int {
        segment.resetForRebuild()
        var scanner = SegmentBatchScanner(file: segment.file, end: fileSize)
        var position = 0
        while position < fileSize {
            guard case .valid(let header, _) = try scanner.validatedBatch(at: position),
                Self.isSane(header, at: position, in: segment, end: fileSize)
            else { break }
            segment.noteAppended(header, at: position, indexIntervalBytes: self.indexIntervalBytes, nowMs: nil)
            onBatch(header)
            position += header.totalSize
        }
        return position
    }

    /// Header-only rescan of `[0, end)` after a truncation (the bytes were validated when written).
    func rescan(_ segment: LogSegment, end: Int) throws(LogError) {
        segment.resetForRebuild()
        var scanner = SegmentBatchScanner(file: segment.file, end: end)
        var position = 0
        while position < end, let header = try scanner.header(at: position),
            Self.isSane(header, at: position, in: segment, end: end)
        {
            segment.noteAppended(header, at: position, indexIntervalBytes: self.indexIntervalBytes, nowMs: nil)
            position += header.totalSize
        }
    }

    /// Offsets must grow and fit the segment; the batch must end inside the file.
    static func isSane(_ header: RecordBatchHeader, at position: Int, in segment: LogSegment, end: Int) -> Bool {
        header.length >= Int32(RecordBatchHeader.size - RecordBatchLayoutSizes.logOverhead)
            && header.totalSize <= end - position
            && header.hasSaneOffsets
            && header.baseOffset >= segment.nextOffset
            && segment.canHold(lastOffset: header.lastOffset)
    }
}
