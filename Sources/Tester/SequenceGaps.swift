/// The sequence numbers of one stream that were skipped over and not (yet) filled: sorted, disjoint ranges.
struct SequenceGaps: Sendable, Equatable {
    private(set) var ranges: [ClosedRange<UInt64>] = []

    var isEmpty: Bool { ranges.isEmpty }
    var count: UInt64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) } }

    /// Adds a range above every existing one (gaps only ever open at the top).
    mutating func open(_ range: ClosedRange<UInt64>) {
        ranges.append(range)
    }

    /// Removes `value` if it lies in a gap; returns whether it did.
    mutating func fill(_ value: UInt64) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                var replacement: [ClosedRange<UInt64>] = []
                if value > range.lowerBound { replacement.append(range.lowerBound...(value - 1)) }
                if value < range.upperBound { replacement.append((value + 1)...range.upperBound) }
                ranges.replaceSubrange(middle...middle, with: replacement)
                return true
            }
        }
        return false
    }
}
