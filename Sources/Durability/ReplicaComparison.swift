/// One record batch as a replica holds it: where it sits and its exact bytes (BaseOffset through the last record).
public struct ReplicaBatch: Sendable, Equatable {
    public var baseOffset: Int64
    public var lastOffset: Int64
    public var bytes: [UInt8]

    public init(baseOffset: Int64, lastOffset: Int64, bytes: [UInt8]) {
        self.baseOffset = baseOffset
        self.lastOffset = lastOffset
        self.bytes = bytes
    }
}

/// What one replica of a partition holds, read from its own log.
public struct ReplicaLog: Sendable, Equatable {
    public var broker: Int32
    public var logStartOffset: Int64
    /// The replica's own high watermark when it was read.
    public var highWatermark: Int64
    /// In offset order, from the log start; not necessarily complete beyond the offset the reader needed.
    public var batches: [ReplicaBatch]

    public init(broker: Int32, logStartOffset: Int64, highWatermark: Int64, batches: [ReplicaBatch]) {
        self.broker = broker
        self.logStartOffset = logStartOffset
        self.highWatermark = highWatermark
        self.batches = batches
    }

    /// The offset after the last batch read.
    public var endOffset: Int64 { batches.last.map { $0.lastOffset + 1 } ?? logStartOffset }
}

/// How one replica compares with the leader below the leader's high watermark.
public enum ReplicaFinding: Sendable, Equatable, CustomStringConvertible {
    /// Every batch below the limit is byte-identical to the leader's.
    case identical
    /// The first batch that differs (or starts elsewhere) begins at `offset`.
    case diverges(offset: Int64, detail: String)
    /// Identical as far as it goes, but it ends at `endOffset`, below the leader's high watermark.
    case behind(endOffset: Int64)
    /// It could not be read (a dead broker, a timeout).
    case unreadable(String)

    public var description: String {
        switch self {
        case .identical: "identical"
        case .diverges(let offset, let detail): "diverges at offset \(offset): \(detail)"
        case .behind(let endOffset): "behind: ends at \(endOffset)"
        case .unreadable(let reason): "unreadable: \(reason)"
        }
    }
}

/// The comparison itself, on values: no I/O, unit-tested.
public enum ReplicaComparison {
    /// Compares `follower` with `leader` over offsets from the later of their log starts (retention runs on each
    /// replica by itself) up to `limit`, the leader's high watermark. Batches are compared whole, bytes included:
    /// a follower appends the leader's batches verbatim, so any difference is a divergence.
    public static func compare(leader: ReplicaLog, follower: ReplicaLog, upTo limit: Int64) -> ReplicaFinding {
        let start = max(leader.logStartOffset, follower.logStartOffset)
        let end = min(limit, leader.endOffset)
        guard start < end else { return .identical }
        let wanted = leader.batches.filter { $0.lastOffset >= start && $0.baseOffset < end }
        var theirs = follower.batches.drop { $0.lastOffset < start }.makeIterator()
        for ours in wanted {
            guard let other = theirs.next() else {
                return .behind(endOffset: max(follower.endOffset, start))
            }
            if other.baseOffset != ours.baseOffset || other.lastOffset != ours.lastOffset {
                return .diverges(
                    offset: min(ours.baseOffset, other.baseOffset),
                    detail: "leader batch \(ours.baseOffset)...\(ours.lastOffset), "
                        + "replica batch \(other.baseOffset)...\(other.lastOffset)")
            }
            if other.bytes != ours.bytes {
                let common = min(ours.bytes.count, other.bytes.count)
                let at = (0..<common).first { ours.bytes[$0] != other.bytes[$0] } ?? common
                return .diverges(
                    offset: ours.baseOffset,
                    detail: "batch \(ours.baseOffset)...\(ours.lastOffset) differs from byte \(at) "
                        + "(\(ours.bytes.count) vs \(other.bytes.count) bytes)")
            }
        }
        return .identical
    }
}
