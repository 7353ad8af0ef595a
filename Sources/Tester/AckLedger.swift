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
    private var streams: [UInt32: StreamLedger] = [:]
    public private(set) var sent: UInt64 = 0
    public private(set) var acknowledged: UInt64 = 0
    public private(set) var failed: UInt64 = 0

    public init(runId: UInt64, producerId: UInt32) {
        self.runId = runId
        self.producerId = producerId
    }

    /// The next sequence for `keyIndex` (not yet recorded as sent).
    public func nextSequence(keyIndex: UInt32) -> UInt64 { streams[keyIndex]?.next ?? 0 }

    /// Records that the next sequence of `keyIndex` was handed to the client; returns it.
    public mutating func recordSent(keyIndex: UInt32) -> UInt64 {
        var stream = streams[keyIndex] ?? StreamLedger()
        let sequence = stream.next
        stream.next += 1
        streams[keyIndex] = stream
        sent += 1
        return sequence
    }

    public mutating func recordReport(keyIndex: UInt32, sequence: UInt64, acknowledged ok: Bool) {
        guard var stream = streams[keyIndex], sequence < stream.next else { return }
        if ok {
            acknowledged += 1
            stream.lastAcknowledged = max(stream.lastAcknowledged ?? 0, sequence)
        } else {
            failed += 1
            stream.failed.append(sequence)
        }
        if sequence == stream.resolvedPrefix {
            stream.resolvedPrefix += 1
            while stream.resolvedAbove.remove(stream.resolvedPrefix) != nil { stream.resolvedPrefix += 1 }
        } else if sequence > stream.resolvedPrefix {
            stream.resolvedAbove.insert(sequence)
        }
        streams[keyIndex] = stream
    }

    /// Per stream: what was sent, and which sequences are not known to be acknowledged.
    public func expectations() -> [StreamID: StreamExpectation] {
        var result: [StreamID: StreamExpectation] = [:]
        for (keyIndex, stream) in streams {
            var unacknowledged = stream.failed
            for sequence in stream.resolvedPrefix..<stream.next where !stream.resolvedAbove.contains(sequence) {
                unacknowledged.append(sequence)
            }
            result[StreamID(runId: runId, producerId: producerId, keyIndex: keyIndex)] = StreamExpectation(
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
