/// The at-least-once rule for one source partition, as a pure value: which source offset may be committed, given
/// the records sent to the destination and the acknowledgements received so far.
///
/// The committable offset is the lowest offset still waiting for its acknowledgement (everything below it is in
/// the destination), or one past the highest acknowledged offset when nothing waits. Offsets need not be
/// contiguous (compaction, transaction markers): only the dispatched ones count. A failed delivery stays
/// outstanding, so the commit can never pass it until a retry is acknowledged.
public struct OffsetTracker: Sendable, Equatable {
    /// Unacknowledged offsets, ascending from `head` (duplicates allowed: a rewind re-sends offsets).
    private var outstanding: [Int64] = []
    private var head = 0
    public private(set) var highestAcknowledged: Int64?
    public private(set) var failures = 0

    public init() {}

    /// Records waiting for an acknowledgement.
    public var inFlight: Int { outstanding.count - head }

    /// The offset to commit (the next one to read after a restart); `nil` before anything was dispatched.
    public var committable: Int64? {
        if head < outstanding.count { return outstanding[head] }
        return highestAcknowledged.map { $0 + 1 }
    }

    /// A record was handed to the producer.
    public mutating func dispatched(_ offset: Int64) {
        if head == outstanding.count || offset >= outstanding[outstanding.count - 1] {
            outstanding.append(offset)
        } else {
            // A rewind (the partition came back after a rebalance, or a seek): keep the order.
            outstanding.insert(offset, at: insertionIndex(of: offset))
        }
    }

    /// The destination acknowledged the record. Returns false for an offset that was not outstanding.
    @discardableResult
    public mutating func acknowledged(_ offset: Int64) -> Bool {
        guard let index = index(of: offset) else { return false }
        if index == head {
            head += 1
        } else {
            outstanding.remove(at: index)
        }
        highestAcknowledged = max(highestAcknowledged ?? offset, offset)
        compactIfWorthIt()
        return true
    }

    /// The destination rejected the record: it stays outstanding (the caller retries or stops).
    /// Returns false for an offset that was not outstanding.
    @discardableResult
    public mutating func failed(_ offset: Int64) -> Bool {
        guard index(of: offset) != nil else { return false }
        failures += 1
        return true
    }

    private func index(of offset: Int64) -> Int? {
        // Acknowledgements arrive in order per partition (an idempotent producer keeps it), so the head is the
        // usual answer; binary search covers the rest.
        if head < outstanding.count, outstanding[head] == offset { return head }
        let index = insertionIndex(of: offset)
        return index < outstanding.count && outstanding[index] == offset ? index : nil
    }

    /// The first position in `head...` whose offset is not below `offset`.
    private func insertionIndex(of offset: Int64) -> Int {
        var low = head
        var high = outstanding.count
        while low < high {
            let middle = (low + high) / 2
            if outstanding[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func compactIfWorthIt() {
        if head == outstanding.count {
            outstanding.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > outstanding.count {
            outstanding.removeFirst(head)
            head = 0
        }
    }

    public static func == (lhs: OffsetTracker, rhs: OffsetTracker) -> Bool {
        lhs.outstanding[lhs.head...] == rhs.outstanding[rhs.head...]
            && lhs.highestAcknowledged == rhs.highestAcknowledged && lhs.failures == rhs.failures
    }
}
