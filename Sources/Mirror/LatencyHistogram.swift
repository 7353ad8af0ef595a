/// Replication latencies in milliseconds, in log-linear buckets (16 per power of two, so a percentile is within
/// about 6% of the true value) with the exact maximum. A value, so intervals can be merged and reset freely.
public struct LatencyHistogram: Sendable, Equatable {
    private var counts = [Int64](repeating: 0, count: 16 + 59 * 16)
    public private(set) var count: Int64 = 0
    public private(set) var maxMillis: Int64 = 0
    private var sumMillis: Int64 = 0

    public init() {}

    /// Records one latency; negative values (clock skew between hosts) count as zero.
    public mutating func record(millis: Int64) {
        let value = max(0, millis)
        counts[Self.bucket(of: value)] += 1
        count += 1
        sumMillis &+= value
        maxMillis = max(maxMillis, value)
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        count += other.count
        sumMillis &+= other.sumMillis
        maxMillis = max(maxMillis, other.maxMillis)
    }

    public var meanMillis: Double { count == 0 ? 0 : Double(sumMillis) / Double(count) }

    /// The latency at or below which `quantile` (0...1) of the records fall; 0 when empty.
    public func percentile(_ quantile: Double) -> Int64 {
        guard count > 0 else { return 0 }
        let rank = max(1, Int64((Double(count) * min(max(quantile, 0), 1)).rounded(.up)))
        var seen: Int64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank { return min(Self.upperBound(of: index), maxMillis) }
        }
        return maxMillis
    }

    static func bucket(of value: Int64) -> Int {
        if value < 16 { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount
        let subBucket = Int((value >> (exponent - 4)) & 15)
        return 16 + (exponent - 4) * 16 + subBucket
    }

    static func upperBound(of index: Int) -> Int64 {
        if index < 16 { return Int64(index) }
        let exponent = (index - 16) / 16 + 4
        let subBucket = Int64((index - 16) % 16)
        let (bound, overflow) = (17 + subBucket).multipliedReportingOverflow(by: Int64(1) << (exponent - 4))
        return overflow ? Int64.max : bound - 1
    }
}
