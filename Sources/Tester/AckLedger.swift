/// A producer's record of what it sent and what was acknowledged, per stream. Pure value.
///
/// Sequences are handed out in order per key; delivery reports may come back in any order, so each stream keeps a
/// resolved prefix plus the few resolved sequences above it.
public struct AckLedger: Sendable {
    struct StreamLedger: Sendable {
        var next: UInt64 = 0
        var resolvedPrefix: UInt64 = 0
        var resolvedAbove = Set<UInt64>()
        var failed: [UInt64] = []
        var lastAcknowledged: UInt64?
    }

    public let runId: UInt64
    public let producerId: UInt32
    /// Indexed by key index: keys are dense (0..<key count), and an array beats hashing on the hot path.
    private var streams: [StreamLedger] = []
    public private(set) var sent: UInt64 = 0
    public private(set) var acknowledged: UInt64 = 0
    public private(set) var failed: UInt64 = 0

    public init(runId: UInt64, producerId: UInt32) {
        self.runId = runId
        self.producerId = producerId
    }

    /// The next sequence for `keyIndex` (not yet recorded as sent).
    public func nextSequence(keyIndex: UInt32) -> UInt64 {
        Int(keyIndex) < streams.count ? streams[Int(keyIndex)].next : 0
    }

    /// Records that the next sequence of `keyIndex` was handed to the client; returns it.
    public mutating func recordSent(keyIndex: UInt32) -> UInt64 {
        let index = Int(keyIndex)
        if index >= streams.count {
            streams.append(contentsOf: repeatElement(StreamLedger(), count: index + 1 - streams.count))
        }
        let sequence = streams[index].next
        streams[index].next += 1
        sent += 1
        return sequence
    }

    public mutating func recordReport(keyIndex: UInt32, sequence: UInt64, acknowledged ok: Bool) {
        let index = Int(keyIndex)
        guard index < streams.count, sequence < streams[index].next else { return }
        if ok {
            acknowledged += 1
            streams[index].lastAcknowledged = max(streams[index].lastAcknowledged ?? 0, sequence)
        } else {
            failed += 1
            streams[index].failed.append(sequence)
        }
        if sequence == streams[index].resolvedPrefix {
            streams[index].resolvedPrefix += 1
            while !streams[index].resolvedAbove.isEmpty,
                streams[index].resolvedAbove.remove(streams[index].resolvedPrefix) != nil
            {
                streams[index].resolvedPrefix += 1
            }
        } else if sequence > streams[index].resolvedPrefix {
            streams[index].resolvedAbove.insert(sequence)
        }
    }

    /// Per stream: what was sent, and which sequences are not known to be acknowledged.
    public func expectations() -> [StreamID: StreamExpectation] {
        var result: [StreamID: StreamExpectation] = [:]
        for (keyIndex, stream) in streams.enumerated() where stream.next > 0 {
            var unacknowledged = stream.failed
            for sequence in stream.resolvedPrefix..<stream.next where !stream.resolvedAbove.contains(sequence) {
                unacknowledged.append(sequence)
            }
            result[StreamID(runId: runId, producerId: producerId, keyIndex: UInt32(keyIndex))] = StreamExpectation(
                sent: stream.next, unacknowledged: unacknowledged)
        }
        return result
    }

    /// Tags carry (key index, sequence) through librdkafka's delivery reports.
    public static func tag(keyIndex: UInt32, sequence: UInt64) -> UInt64 {
        UInt64(keyIndex) << 40 | (sequence & 0xFF_FFFF_FFFF)
    }

    public static func untag(_ tag: UInt64) -> (keyIndex: UInt32, sequence: UInt64) {
        (UInt32(truncatingIfNeeded: tag >> 40), tag & 0xFF_FFFF_FFFF)
    }
}
