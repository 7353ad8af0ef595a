import Foundation

/// The time source of the group coordinator: a monotonic millisecond clock for timeouts, and the wall clock
/// for commit timestamps. Tests substitute a clock they advance by hand.
protocol GroupClock: Sendable {
    /// Monotonic milliseconds from an arbitrary origin.
    func nowMs() -> Int64
    /// Milliseconds since the Unix epoch.
    func wallClockMs() -> Int64
    /// Returns once `nowMs() >= deadlineMs`; throws `CancellationError` when the task is cancelled first.
    func sleep(untilMs deadlineMs: Int64) async throws
}

struct SystemGroupClock: GroupClock {
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init() { origin = clock.now }

    func nowMs() -> Int64 {
        let elapsed = origin.duration(to: clock.now).components
        return elapsed.seconds * 1_000 + elapsed.attoseconds / 1_000_000_000_000_000
    }

    func wallClockMs() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded())
    }

    func sleep(untilMs deadlineMs: Int64) async throws {
        try await clock.sleep(until: origin.advanced(by: .milliseconds(deadlineMs)))
    }
}
