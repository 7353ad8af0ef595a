import Synchronization

/// Rolls `LiveStats` every second: prints the live line, keeps the per-second samples, and records alerts.
final class LiveReporter: Sendable {
    private let stats: LiveStats
    private let groups: Int
    private let alertBelow: Double?
    private let output: @Sendable (String) -> Void
    private let state = Mutex<(samples: [IntervalSample], alerts: [Int])>(([], []))
    /// Alerts are only raised while producers run: the drain at the end is expected to slow down.
    let producing = Atomic<Bool>(true)

    init(stats: LiveStats, groups: Int, alertBelow: Double?, output: @escaping @Sendable (String) -> Void) {
        self.stats = stats
        self.groups = groups
        self.alertBelow = alertBelow
        self.output = output
    }

    var samples: [IntervalSample] { state.withLock { $0.samples } }
    var alerts: [Int] { state.withLock { $0.alerts } }

    /// Ticks once a second until cancelled.
    func run() async {
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isCancelled {
            next = next.advanced(by: .seconds(1))
            do { try await clock.sleep(until: next) } catch { return }
            tick()
        }
    }

    func tick() {
        let (total, interval) = stats.rollInterval()
        let second = state.withLock { $0.samples.count + 1 }
        let expected = Int64(clamping: total.acknowledged) * Int64(groups)
        let backlog = max(0, expected - Int64(clamping: total.received))
        let sample = IntervalSample(
            second: second, sent: interval.sent, acknowledged: interval.acknowledged, received: interval.received,
            backlog: backlog, publishLatency: LatencySummary(interval.ackLatency),
            endToEndLatency: LatencySummary(interval.endToEndLatency))
        var line =
            "[\(second)s] sent \(interval.sent)/s acked \(interval.acknowledged)/s received \(interval.received)/s"
            + " | total sent \(total.sent) acked \(total.acknowledged) received \(total.received) lag \(backlog)"
            + " | e2e p99 \(format(millis(sample.endToEndLatency.p99))) ms"
        let alerting =
            producing.load(ordering: .relaxed) && (alertBelow.map { Double(interval.received) < $0 } ?? false)
        if alerting { line += " | ALERT receive rate below \(alertBelow ?? 0)/s" }
        state.withLock {
            $0.samples.append(sample)
            if alerting { $0.alerts.append(second) }
        }
        output(line)
    }
}

func format(_ value: Double) -> String {
    let scaled = (value * 100).rounded() / 100
    return "\(scaled)"
}
