import Histogram

/// Percentiles of one latency histogram, in microseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var count: UInt64
    public var mean: Double
    public var p50: UInt64
    public var p90: UInt64
    public var p99: UInt64
    public var p999: UInt64
    public var max: UInt64

    public init(_ histogram: Histogram<UInt64>) {
        count = histogram.totalCount
        guard count > 0 else {
            mean = 0
            p50 = 0
            p90 = 0
            p99 = 0
            p999 = 0
            max = 0
            return
        }
        mean = histogram.mean
        p50 = histogram.valueAtPercentile(50)
        p90 = histogram.valueAtPercentile(90)
        p99 = histogram.valueAtPercentile(99)
        p999 = histogram.valueAtPercentile(99.9)
        max = histogram.max
    }

    public static let empty = LatencySummary(LatencyHistogram.make())
}

/// HDR histograms of microseconds: 1 µs to 1 hour at 3 significant digits.
public enum LatencyHistogram {
    static let highest: UInt64 = 3_600_000_000

    public static func make() -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: highest, numberOfSignificantValueDigits: .three)
    }

    /// Records a latency, clamped into the trackable range (clock skew can make end-to-end times negative).
    public static func record(_ micros: Int64, into histogram: inout Histogram<UInt64>) {
        let clamped = UInt64(Swift.max(1, Swift.min(micros, Int64(highest))))
        _ = histogram.record(clamped)
    }
}

/// Milliseconds with microsecond resolution, for display and results files.
public func millis(_ micros: UInt64) -> Double { Double(micros) / 1000 }
public func millis(_ micros: Double) -> Double { micros / 1000 }
