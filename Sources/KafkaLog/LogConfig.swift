/// Per-partition log settings (Kafka's topic-level `segment.bytes`, `retention.ms`, ...).
public struct LogConfig: Sendable, Equatable {
    public enum TimestampType: Sendable, Equatable {
        case createTime
        case logAppendTime
    }

    /// Roll a new segment once the active one would exceed this size.
    public var segmentBytes: Int
    /// At most this many bytes of disk blocks are allocated ahead of appends (`SegmentAllocation`); 0 = none.
    public var segmentAllocateAheadBytes: Int
    /// Delete segments whose newest timestamp is older than this; -1 keeps them forever.
    public var retentionMs: Int64
    /// Delete the oldest segments while the partition is larger than this; -1 means no limit.
    public var retentionBytes: Int64
    /// Add an offset-index entry every this many bytes of batches.
    public var indexIntervalBytes: Int
    /// Largest batch accepted on append (Kafka's `max.message.bytes`).
    public var maxMessageBytes: Int
    public var messageTimestampType: TimestampType
    /// Roll the active segment once it is this old (by wall clock of its first append); nil = never by age.
    public var segmentMs: Int64?

    public init(
        segmentBytes: Int = 1 << 30,
        segmentAllocateAheadBytes: Int = 16 << 20,
        retentionMs: Int64 = 7 * 24 * 3_600_000,
        retentionBytes: Int64 = -1,
        indexIntervalBytes: Int = 4096,
        maxMessageBytes: Int = 1_048_588,
        messageTimestampType: TimestampType = .createTime,
        segmentMs: Int64? = nil
    ) {
        self.segmentBytes = segmentBytes
        self.segmentAllocateAheadBytes = segmentAllocateAheadBytes
        self.retentionMs = retentionMs
        self.retentionBytes = retentionBytes
        self.indexIntervalBytes = indexIntervalBytes
        self.maxMessageBytes = maxMessageBytes
        self.messageTimestampType = messageTimestampType
        self.segmentMs = segmentMs
    }
}
