import Foundation
import Report
import Synchronization

/// One thing that happened to the flow, at `second` seconds after producing started (the tester's clock).
struct DemoEvent: Sendable, Codable, Equatable {
    var kind: FaultKind
    /// "kill -9 source broker 1", "restart source broker 1", ...
    var label: String
    var second: Double
    var isRestart: Bool
}

/// The run's clock and its events. The tester's per-second series start when its reporter starts, one second
/// before its first live line; everything on the timeline is measured from there so faults line up with the charts.
final class DemoTimeline: Sendable {
    private let state = Mutex<(start: ContinuousClock.Instant?, events: [DemoEvent])>((nil, []))
    private let clock = ContinuousClock()

    /// Called with each tester live line; the first one fixes the start.
    func sawLiveLine(second: Int) {
        let now = clock.now
        state.withLock { if $0.start == nil { $0.start = now - .seconds(second) } }
    }

    var start: ContinuousClock.Instant? { state.withLock { $0.start } }

    /// Seconds since the start (0 before it is known).
    var now: Double {
        guard let start else { return 0 }
        return (clock.now - start).demoSeconds
    }

    func record(_ kind: FaultKind, _ label: String, isRestart: Bool = false) {
        let event = DemoEvent(kind: kind, label: label, second: now, isRestart: isRestart)
        state.withLock { $0.events.append(event) }
    }

    var events: [DemoEvent] { state.withLock { $0.events } }

    /// "kill -9 mirror (+3.2 s)" for the live line, or "none".
    var lastFaultSummary: String {
        guard let last = events.last else { return "none" }
        return "\(last.label) @\(format1(last.second))s"
    }

    /// Waits until the start is known (the tester printed its first line) or `stop` says so; returns false then.
    func waitForStart(stop: @Sendable () -> Bool) async -> Bool {
        while start == nil {
            if stop() || Task.isCancelled { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Sleeps until `second` on the timeline; false if cancelled or stopped first.
    func sleep(until second: Double, stop: @Sendable () -> Bool) async -> Bool {
        guard let start else { return false }
        let deadline = start + .milliseconds(Int64(second * 1_000))
        while clock.now < deadline {
            if stop() || Task.isCancelled { return false }
            try? await Task.sleep(for: min(.milliseconds(200), deadline - clock.now))
        }
        return !stop()
    }
}

/// The demo's own live line, built from the tester's: totals, rates, end-to-end p99 and the last fault.
func demoLiveLine(_ line: TesterLiveLine, lastFault: String) -> String {
    let lag = Int64(clamping: line.acknowledged) - Int64(clamping: line.received)
    return "[\(String(format: "%4d", line.second))s] sent \(line.sent) acked \(line.acknowledged) "
        + "mirrored \(line.received) (lag \(max(lag, 0))) | \(line.sentPerSecond)/s in, \(line.receivedPerSecond)/s out"
        + " | e2e p99 \(format1(line.endToEndP99Millis)) ms | last fault: \(lastFault)"
}

func format1(_ value: Double) -> String { String(format: "%.1f", value) }
