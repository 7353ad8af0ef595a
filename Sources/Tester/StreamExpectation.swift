/// What a producer says it did for one stream: it sent sequences `0..<sent`, and these were not acknowledged
/// (delivery failed, or no report came before the producer stopped). Every other sequence below `sent` was
/// acknowledged and must arrive.
public struct StreamExpectation: Sendable, Equatable, Codable {
    public var sent: UInt64
    public var unacknowledged: [UInt64]

    public init(sent: UInt64, unacknowledged: [UInt64] = []) {
        self.sent = sent
        self.unacknowledged = unacknowledged.filter { $0 < sent }.sorted()
    }

    public var acknowledgedCount: UInt64 { sent - UInt64(unacknowledged.count) }
    /// The highest acknowledged sequence, if any.
    public var lastAcknowledged: UInt64? {
        var candidate = sent
        var index = unacknowledged.count - 1
        while candidate > 0 {
            candidate -= 1
            if index >= 0, unacknowledged[index] == candidate {
                index -= 1
                continue
            }
            return candidate
        }
        return nil
    }

    /// How many of `range` are unacknowledged.
    func unacknowledgedCount(in range: ClosedRange<UInt64>) -> UInt64 {
        let start = lowerBoundIndex(range.lowerBound)
        let end = lowerBoundIndex(range.upperBound &+ 1)
        return range.upperBound == .max ? UInt64(unacknowledged.count - start) : UInt64(end - start)
    }

    private func lowerBoundIndex(_ value: UInt64) -> Int {
        var low = 0
        var high = unacknowledged.count
        while low < high {
            let middle = (low + high) / 2
            if unacknowledged[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
