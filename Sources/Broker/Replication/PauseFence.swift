import Synchronization

/// Keeps a broker that was frozen (SIGSTOP, a suspended VM, a stall of seconds) from acting as leader on what it
/// knew before the freeze.
///
/// Found by the durability run: a leader paused for longer than its ZooKeeper session came back still believing it
/// led, and before it learned of the expiry it answered Metadata (naming itself leader) and Produce. An idempotent
/// producer that had meanwhile written to the new leader then got OUT_OF_ORDER_SEQUENCE_NUMBER from the old one,
/// which librdkafka treats as fatal ("sequence desynchronization"), failing every record it still held.
///
/// A ticker notes the time every `tick`; a gap above `threshold` means the process did not run, so leadership is
/// suspended (Produce waits, then answers NOT_LEADER_OR_FOLLOWER if it is still suspended at the request's
/// timeout) until the broker has confirmed its view: a read
/// on the same ZooKeeper session succeeded (the session survived, so the controller moved nothing), or a new
/// session's metadata was read in full. The check also runs on each use, so a request read before the ticker
/// wakes up is caught too.
final class PauseFence: Sendable {
    private struct State {
        var lastTick: ContinuousClock.Instant
        /// The session client when the freeze was noticed; nil while leadership is allowed.
        var suspendedSession: ObjectIdentifier?
        var suspendedAt: ContinuousClock.Instant?
        /// When the current suspension began (a later freeze noticed before it was lifted does not move it).
        var suspendedFirstAt: ContinuousClock.Instant?
        /// The ticker's own last beat (`lastTick` also moves when a request notices a gap).
        var lastBeat: ContinuousClock.Instant?
        /// When a long suspension was last reported (`longSuspensionReport`), so a fence that stays up logs every
        /// 10 s, not per request or tick.
        var lastLongSuspensionReport: ContinuousClock.Instant?
    }

    let tick: Duration
    let threshold: Duration
    private let state: Mutex<State>

    /// The threshold is a third of the session timeout (at least 500 ms): a freeze that long may already have cost
    /// the session a missed heartbeat, and a busy machine's scheduling delays stay well below it.
    init(sessionTimeoutMs: Int, tick: Duration = .milliseconds(100)) {
        self.tick = tick
        self.threshold = .milliseconds(max(500, sessionTimeoutMs / 3))
        self.state = Mutex(State(lastTick: ContinuousClock.now))
    }

    /// Whether this broker may act as leader right now.
    func allowsLeadership(session: AnyObject, now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            noticeGap(&state, session: session, now: now)
            return state.suspendedSession == nil
        }
    }

    /// Waits until leadership is allowed, at most `timeout`; returns whether it is.
    func waitUntilLeadershipAllowed(session: () -> AnyObject, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !allowsLeadership(session: session()) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// The ticker's beat; returns the session to confirm, if leadership is suspended.
    func beat(session: AnyObject, now: ContinuousClock.Instant = .now) -> ObjectIdentifier? {
        state.withLock { state in
            noticeGap(&state, session: session, now: now)
            state.lastTick = now
            state.lastBeat = now
            return state.suspendedSession
        }
    }

    /// The broker confirmed its view (see the type's documentation): leadership is allowed again, unless a newer
    /// freeze was noticed meanwhile.
    func confirm(since: ContinuousClock.Instant) {
        state.withLock { state in
            guard let at = state.suspendedAt, at <= since else { return }
            state.suspendedSession = nil
            state.suspendedAt = nil
            state.suspendedFirstAt = nil
        }
    }

    var suspendedSince: ContinuousClock.Instant? { state.withLock { $0.suspendedAt } }

    /// A line for the log (a refused produce's, or the ticker's when it cannot confirm) once leadership has stayed
    /// suspended for longer than two session timeouts (normally it is lifted well within one), at most one every
    /// 10 s for both together: for how long, when a freeze
    /// was last noticed, when the ticker last beat (a ticker stuck in its check cannot lift the fence), and whether
    /// the suspended session is the current one. Nil when not due.
    func longSuspensionReport(session: AnyObject, now: ContinuousClock.Instant = .now) -> String? {
        state.withLock { state -> String? in
            guard let first = state.suspendedFirstAt, let at = state.suspendedAt, let suspended = state.suspendedSession,
                now - first > threshold * 6
            else { return nil }
            if let last = state.lastLongSuspensionReport, now - last < .seconds(10) { return nil }
            state.lastLongSuspensionReport = now
            let sameSession = suspended == ObjectIdentifier(session)
            let beat = state.lastBeat.map { "\(now - $0) ago" } ?? "never"
            return "leadership suspended for \(now - first) (a freeze last noticed \(now - at) ago), the fence's "
                + "ticker last beat \(beat), suspended on \(sameSession ? "the current" : "an earlier") ZooKeeper session"
        }
    }

    private func noticeGap(_ state: inout State, session: AnyObject, now: ContinuousClock.Instant) {
        guard now - state.lastTick > threshold else { return }
        if state.suspendedSession == nil {
            state.suspendedSession = ObjectIdentifier(session)
            state.suspendedFirstAt = now
        }
        state.suspendedAt = now
        state.lastTick = now
    }
}
