/// What an append did, as a produce response needs it.
public struct LogAppendInfo: Sendable, Equatable {
    public var firstOffset: Int64
    public var lastOffset: Int64
    /// The broker time stamped into the batches for LogAppendTime topics; -1 for CreateTime.
    public var logAppendTimeMs: Int64
    public var logStartOffset: Int64
    /// True when an idempotent producer resent a batch already in the log: the offsets are the original ones
    /// and nothing was written.
    public var isDuplicate: Bool
    public var recordCount: Int
    public var byteCount: Int

    public init(
        firstOffset: Int64,
        lastOffset: Int64,
        logAppendTimeMs: Int64,
        logStartOffset: Int64,
        isDuplicate: Bool,
        recordCount: Int,
        byteCount: Int
    ) {
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.logAppendTimeMs = logAppendTimeMs
        self.logStartOffset = logStartOffset
        self.isDuplicate = isDuplicate
        self.recordCount = recordCount
        self.byteCount = byteCount
    }
}
