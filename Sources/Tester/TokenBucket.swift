/// A token bucket: `rate` permits per second, at most `burst` saved up. Pure value; time is passed in.
public struct TokenBucket: Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var lastNanos: UInt64

    public init(rate: Double, burst: Double? = nil, nowNanos: UInt64) {
        self.rate = rate
        // Default burst: 10 ms worth, at least one record, so pacing is smooth but wake-ups stay cheap.
        self.burst = max(burst ?? rate / 100, 1)
        tokens = 0
        lastNanos = nowNanos
    }

    /// Takes up to `limit` whole permits available at `nowNanos`.
    public mutating func take(nowNanos: UInt64, limit: Int) -> Int {
        refill(nowNanos)
        let granted = min(Int(tokens), limit)
        tokens -= Double(granted)
        return max(granted, 0)
    }

    /// Nanoseconds until the next permit, from `nowNanos`.
    public mutating func nanosUntilNext(nowNanos: UInt64) -> UInt64 {
        refill(nowNanos)
        if tokens >= 1 { return 0 }
        return UInt64(((1 - tokens) / rate * 1e9).rounded(.up))
    }

    private mutating func refill(_ nowNanos: UInt64) {
        guard nowNanos > lastNanos else { return }
        tokens = min(burst, tokens + Double(nowNanos - lastNanos) * rate / 1e9)
        lastNanos = nowNanos
    }
}
