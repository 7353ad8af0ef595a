/// Byte offsets of the RecordBatch v2 header fields, relative to the start of a batch.
enum RecordBatchLayout {
    static let baseOffset = 0
    static let length = 8
    static let partitionLeaderEpoch = 12
    static let magic = 16
    static let crc = 17
    static let attributes = 21
    static let lastOffsetDelta = 23
    static let baseTimestamp = 27
    static let maxTimestamp = 35
    static let producerId = 43
    static let producerEpoch = 51
    static let baseSequence = 53
    static let recordsCount = 57
    /// First byte of the records (or of the compressed blob).
    static let records = 61

    /// Bytes before the Length field's coverage starts (BaseOffset + Length).
    static let logOverhead = 12
    /// CRC coverage starts at Attributes.
    static let crcStart = attributes
}
