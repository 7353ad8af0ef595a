/// The checker's verdict inputs: exact counts of what happened to the records.
public struct CheckCounts: Sendable, Equatable, Codable {
    /// Records received, of any kind.
    public var received: UInt64 = 0
    /// First arrivals, in order for their stream.
    public var inOrder: UInt64 = 0
    /// Arrived again after a first arrival.
    public var duplicate: UInt64 = 0
    /// First arrival, but after a later sequence of the same stream (reordered).
    public var old: UInt64 = 0
    /// Damaged: header or payload checksum wrong, or key not matching the stamp.
    public var corrupt: UInt64 = 0
    /// Not ours: not a tester record, or from another run.
    public var foreign: UInt64 = 0
    /// Acknowledged (or, without producer reports, skipped-over) sequences that never arrived.
    public var lost: UInt64 = 0
    /// The part of `lost` after the last sequence received for its stream: loss at the tail.
    public var lostAtTail: UInt64 = 0
    /// Unacknowledged sequences that arrived anyway, and those that did not. Neither is a failure.
    public var unacknowledgedReceived: UInt64 = 0
    public var unacknowledgedMissing: UInt64 = 0

    public init() {}

    public var anomalies: UInt64 { duplicate + old + corrupt + lost }

    public static func + (a: CheckCounts, b: CheckCounts) -> CheckCounts {
        var sum = CheckCounts()
        sum.received = a.received + b.received
        sum.inOrder = a.inOrder + b.inOrder
        sum.duplicate = a.duplicate + b.duplicate
        sum.old = a.old + b.old
        sum.corrupt = a.corrupt + b.corrupt
        sum.foreign = a.foreign + b.foreign
        sum.lost = a.lost + b.lost
        sum.lostAtTail = a.lostAtTail + b.lostAtTail
        sum.unacknowledgedReceived = a.unacknowledgedReceived + b.unacknowledgedReceived
        sum.unacknowledgedMissing = a.unacknowledgedMissing + b.unacknowledgedMissing
        return sum
    }
}
