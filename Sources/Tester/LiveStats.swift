import Histogram
import Synchronization

/// Counters and latency histograms shared by producers, consumers and the once-a-second reporter.
/// Producers and consumers update it once per batch, so the lock is taken rarely.
public final class LiveStats: Sendable {
    struct Totals: Sendable {
        var sent: UInt64 = 0
        var acknowledged: UInt64 = 0
        var failed: UInt64 = 0
        var received: UInt64 = 0
        /// Failed records by librdkafka's error name (`_FATAL`, `_MSG_TIMED_OUT`, ...): what a verdict can explain.
        var failuresByError: [String: UInt64] = [:]
        /// Each producer's fatal error, as librdkafka states it, once.
        var fatalErrors: [String] = []
        var ackLatency = LatencyHistogram.make()
        var endToEndLatency = LatencyHistogram.make()
    }

    private let state = Mutex<(total: Totals, interval: Totals)>((Totals(), Totals()))

    public init() {}

    func addSent(_ count: UInt64) {
        state.withLock {
            $0.total.sent += count
            $0.interval.sent += count
        }
    }

    func addReports(acknowledged: UInt64, failed: UInt64, latenciesMicros: [Int64]) {
        state.withLock { state in
            state.total.acknowledged += acknowledged
            state.interval.acknowledged += acknowledged
            state.total.failed += failed
            state.interval.failed += failed
            for latency in latenciesMicros {
                LatencyHistogram.record(latency, into: &state.total.ackLatency)
                LatencyHistogram.record(latency, into: &state.interval.ackLatency)
            }
        }
    }

    func addFailures(byError counts: [String: UInt64]) {
        guard !counts.isEmpty else { return }
        state.withLock { state in state.total.failuresByError.merge(counts, uniquingKeysWith: +) }
    }

    func addFatalError(_ description: String) {
        state.withLock { state in state.total.fatalErrors.append(description) }
    }

    func addReceived(_ count: UInt64, endToEndMicros: [Int64]) {
        state.withLock { state in
            state.total.received += count
            state.interval.received += count
            for latency in endToEndMicros {
                LatencyHistogram.record(latency, into: &state.total.endToEndLatency)
                LatencyHistogram.record(latency, into: &state.interval.endToEndLatency)
            }
        }
    }

    /// Returns the interval just ended (and starts a new one) together with the running totals.
    func rollInterval() -> (total: Totals, interval: Totals) {
        state.withLock { state in
            defer { state.interval = Totals() }
            return state
        }
    }

    var totals: Totals { state.withLock { $0.total } }
}
