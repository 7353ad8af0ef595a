/// "Nice" tick values for a chart axis: steps of 1, 2 or 5 times a power of ten, covering the data range.
public struct AxisTicks: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var step: Double

    /// Ticks covering `minimum...maximum` with about `target` intervals. An empty or invalid range (NaN, infinite,
    /// or a single value) still yields a usable axis.
    public init(minimum: Double, maximum: Double, target: Int = 5) {
        var low = minimum.isFinite ? minimum : 0
        var high = maximum.isFinite ? maximum : 0
        if low > high { swap(&low, &high) }
        if high - low < 1e-9 {
            // A flat series: give it some room, and keep zero-based axes at zero.
            high = low == 0 ? 1 : high + abs(high) * 0.5
            if low != 0 { low -= abs(low) * 0.5 }
        }
        let rough = (high - low) / Double(max(target, 1))
        let magnitude = Self.powerOfTen(below: rough)
        let fraction = rough / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        step = nice * magnitude
        lower = (low / step).rounded(.down) * step
        upper = (high / step).rounded(.up) * step
        if upper <= lower { upper = lower + step }
    }

    /// The tick values from `lower` to `upper` inclusive (at most 1,000, whatever the input).
    public var values: [Double] {
        let count = min(Int(((upper - lower) / step).rounded()) + 1, 1_000)
        return (0..<max(count, 1)).map { lower + Double($0) * step }
    }

    /// A tick label: no trailing ".0", thousands as "k" once the step is at least 1,000.
    public func label(_ value: Double) -> String {
        if step >= 1_000, value.truncatingRemainder(dividingBy: 1_000) == 0 { return "\(Int(value / 1_000))k" }
        if step >= 1 { return String(Int(value.rounded())) }
        let decimals = max(0, Int((-Self.log10(step)).rounded(.up)))
        let scale = Self.pow10(decimals)
        return String((value * scale).rounded() / scale)
    }

    private static func powerOfTen(below value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        return pow10(Int(log10(value).rounded(.down)))
    }

    private static func log10(_ value: Double) -> Double {
        // Foundation-free: count decades, then refine linearly; precise enough to pick a tick step.
        var exponent = 0
        var scaled = value
        while scaled >= 10 { scaled /= 10; exponent += 1 }
        while scaled < 1 { scaled *= 10; exponent -= 1 }
        return Double(exponent) + (scaled - 1) / 9
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        if exponent >= 0 { for _ in 0..<exponent { result *= 10 } } else { for _ in 0..<(-exponent) { result /= 10 } }
        return result
    }
}
