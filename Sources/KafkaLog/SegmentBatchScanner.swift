import KafkaWire
import NIOCore

/// Walks the batches of a segment file forward from a byte position, reading the file in large chunks so
/// that small batches do not cost one `pread` each. Used by recovery, index rebuilds, time lookups and reads.
struct SegmentBatchScanner {
    let file: SegmentFile
    /// Byte limit of the scan (the segment's committed size when the scan started).
    let end: Int
    let chunkSize: Int
    private var chunk = ByteBuffer()
    private var chunkStart = 0

    init(file: SegmentFile, end: Int, chunkSize: Int = 1 << 20) {
        self.file = file
        self.end = end
        self.chunkSize = chunkSize
    }

    /// The bytes [position, position + count) as a slice; nil when the file ends first.
    mutating func bytes(at position: Int, count: Int) throws(LogError) -> ByteBuffer? {
        guard position >= 0, count >= 0, count <= self.end - position else { return nil }
        let covered = position >= self.chunkStart && position + count <= self.chunkStart + self.chunk.readableBytes
        if !covered {
            let length = min(max(self.chunkSize, count), self.end - position)
            self.chunk = try self.file.read(at: Int64(position), count: length)
            self.chunkStart = position
            guard self.chunk.readableBytes >= count else { return nil }
        }
        return self.chunk.getSlice(at: self.chunk.readerIndex + position - self.chunkStart, length: count)
    }

    /// The header of the batch at `position` (CRC not checked), or nil at the end / on a short tail.
    mutating func header(at position: Int) throws(LogError) -> RecordBatchHeader? {
        guard let bytes = try self.bytes(at: position, count: RecordBatchHeader.size) else { return nil }
        return try? RecordBatchHeader(parsing: bytes, at: bytes.readerIndex)
    }

    /// The whole batch at `position`, validated (CRC, framing, records). Nil at the exact end of the scan;
    /// `.invalid` when the bytes there are not a whole, valid batch (a torn or corrupt tail).
    mutating func validatedBatch(at position: Int) throws(LogError) -> ScannedBatch? {
        guard position < self.end else { return nil }
        guard let prefix = try self.bytes(at: position, count: RecordBatchLayoutSizes.logOverhead),
            let (_, length) = RecordBatchHeader.peekOffsetAndLength(prefix, at: prefix.readerIndex)
        else { return .invalid }
        let total = Int(length) + RecordBatchLayoutSizes.logOverhead
        guard length >= Int32(RecordBatchHeader.size - RecordBatchLayoutSizes.logOverhead),
            let batch = try self.bytes(at: position, count: total),
            let header = try? RecordBatchHeader.validate(in: batch, at: batch.readerIndex, requireDenseOffsets: false)
        else { return .invalid }
        return .valid(header, batch)
    }

    enum ScannedBatch {
        case valid(RecordBatchHeader, ByteBuffer)
        case invalid
    }
}

/// Header facts the log needs without parsing a whole header.
enum RecordBatchLayoutSizes {
    /// The BaseOffset + Length prefix, which the Length field does not count.
    static let logOverhead = 12
    /// Byte position of LastOffsetDelta in a batch.
    static let lastOffsetDelta = 23
}
