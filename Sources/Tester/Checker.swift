/// The checker: a pure state machine over received records.
///
/// Feed it every record a consumer (or a group of competing consumers) receives with `observe`; at the end, give
/// it the producers' expectations and `finish` returns exact counts. Per stream (run, producer, key) it keeps the
/// highest sequence seen and the gaps below it, so memory stays small when records arrive mostly in order.
public struct Checker: Sendable {
    /// What one observed record was.
    public enum Outcome: Sendable, Equatable {
        case inOrder, duplicate, old, corrupt, foreign
    }

    struct StreamState: Sendable {
        var highest: UInt64?
        var gaps = SequenceGaps()
    }

    /// Run ids accepted as ours; `nil` accepts any run (records are then kept apart by run id).
    public let runIds: Set<UInt64>?
    private(set) var streams: [StreamID: StreamState] = [:]
    public private(set) var counts = CheckCounts()

    public init(runIds: Set<UInt64>?) {
        self.runIds = runIds
    }

    /// Decodes and checks one received record.
    @discardableResult
    public mutating func observe(key: [UInt8]?, value: [UInt8]) -> (Outcome, Stamp?) {
        switch StampCodec.decode(key: key, value: value) {
        case .foreign:
            counts.received += 1
            counts.foreign += 1
            return (.foreign, nil)
        case .corruptHeader:
            counts.received += 1
            counts.corrupt += 1
            return (.corrupt, nil)
        case .corruptPayload(let stamp):
            // The header is sound, so the sequence did arrive: count it as seen, once, and as corrupt.
            if let runIds, !runIds.contains(stamp.runId) { return (foreignRecord(), nil) }
            counts.received += 1
            counts.corrupt += 1
            _ = sequence(stamp)
            return (.corrupt, stamp)
        case .valid(let stamp):
            return (observe(stamp), stamp)
        }
    }

    /// Checks one record whose stamp decoded cleanly.
    public mutating func observe(_ stamp: Stamp) -> Outcome {
        if let runIds, !runIds.contains(stamp.runId) { return foreignRecord() }
        counts.received += 1
        let outcome = sequence(stamp)
        switch outcome {
        case .inOrder: counts.inOrder += 1
        case .old: counts.old += 1
        case .duplicate: counts.duplicate += 1
        case .corrupt, .foreign: break
        }
        return outcome
    }

    private mutating func foreignRecord() -> Outcome {
        counts.received += 1
        counts.foreign += 1
        return .foreign
    }

    private mutating func sequence(_ stamp: Stamp) -> Outcome {
        let sequence = stamp.sequence
        var state = streams[stamp.stream] ?? StreamState()
        defer { streams[stamp.stream] = state }
        guard let highest = state.highest else {
            if sequence > 0 { state.gaps.open(0...(sequence - 1)) }
            state.highest = sequence
            return .inOrder
        }
        if sequence > highest {
            if sequence > highest + 1 { state.gaps.open((highest + 1)...(sequence - 1)) }
            state.highest = sequence
            return .inOrder
        }
        return state.gaps.fill(sequence) ? .old : .duplicate
    }

    /// Final counts. With `expectations` (from the producers), every acknowledged sequence that never arrived is
    /// lost, including at the tail and in streams that never arrived at all. Without them, only gaps count.
    public func finish(expectations: [StreamID: StreamExpectation]?) -> CheckCounts {
        var result = counts
        let seenStreams = Set(streams.keys)
        let expected = expectations ?? [:]
        for stream in seenStreams.union(expected.keys) {
            let state = streams[stream] ?? StreamState()
            guard let expectation = expected[stream] else {
                result.lost += state.gaps.count
                continue
            }
            let middle = state.gaps.ranges.filter { $0.lowerBound < expectation.sent }.map {
                $0.lowerBound...min($0.upperBound, expectation.sent - 1)
            }
            var tail: ClosedRange<UInt64>?
            let tailStart = state.highest.map { $0 + 1 } ?? 0
            if tailStart < expectation.sent { tail = tailStart...(expectation.sent - 1) }
            for range in middle {
                let unacknowledged = expectation.unacknowledgedCount(in: range)
                result.unacknowledgedMissing += unacknowledged
                result.lost += UInt64(range.count) - unacknowledged
            }
            if let tail {
                let unacknowledged = expectation.unacknowledgedCount(in: tail)
                result.unacknowledgedMissing += unacknowledged
                result.lost += UInt64(tail.count) - unacknowledged
                result.lostAtTail += UInt64(tail.count) - unacknowledged
            }
        }
        result.unacknowledgedReceived =
            expected.values.reduce(0) { $0 + UInt64($1.unacknowledged.count) }
            - result.unacknowledgedMissing
        return result
    }

    /// True when every acknowledged record the expectations describe has arrived: consumers may stop.
    public func isComplete(expectations: [StreamID: StreamExpectation]) -> Bool {
        for (stream, expectation) in expectations {
            guard let lastAcknowledged = expectation.lastAcknowledged else { continue }
            guard let state = streams[stream], let highest = state.highest, highest >= lastAcknowledged else {
                return false
            }
            for range in state.gaps.ranges where range.lowerBound < expectation.sent {
                let clipped = range.lowerBound...min(range.upperBound, expectation.sent - 1)
                if expectation.unacknowledgedCount(in: clipped) < UInt64(clipped.count) { return false }
            }
        }
        return true
    }

    /// Number of distinct streams seen.
    public var streamCount: Int { streams.count }
}
