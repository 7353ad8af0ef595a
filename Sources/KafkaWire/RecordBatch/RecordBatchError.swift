/// Why a RecordBatch v2 was rejected. Header-level problems make a batch corrupt (CORRUPT_MESSAGE);
/// problems inside an uncompressed batch's records make it invalid (INVALID_RECORD): see `isRecordLevel`.
public enum RecordBatchError: Error, Sendable, Equatable {
    /// Fewer bytes than the header or the declared length needs.
    case truncated(needed: Int, available: Int)
    /// Magic byte other than 2.
    case unsupportedMagic(Int8)
    /// Length field below the minimum header size or above what is sane.
    case invalidLength(Int32)
    /// Stored CRC differs from the CRC-32C computed over bytes 21..end.
    case crcMismatch(stored: UInt32, computed: UInt32)
    /// RecordsCount < 1 or inconsistent with LastOffsetDelta.
    case invalidRecordCount(count: Int32, lastOffsetDelta: Int32)
    /// Compression codes 5-7 are unassigned.
    case unsupportedCompression(Int16)
    /// An uncompressed batch whose records do not parse exactly.
    case malformedRecords(String)

    /// True for errors found inside the records rather than in the batch framing.
    public var isRecordLevel: Bool {
        if case .malformedRecords = self { return true }
        return false
    }
}
