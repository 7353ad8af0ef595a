import Synchronization

/// Bounds how many of one connection's requests are in progress (read, not yet answered). The connection's reader
/// takes a slot before it serves a request; the writer gives it back once that response is written. Once the writer
/// has stopped (the connection failed), `acquire` returns false so the reader stops too instead of waiting forever.
final class InFlightLimit: Sendable {
    private struct State {
        var available: Int
        var closed = false
        /// Only the connection's one reader ever waits.
        var waiter: CheckedContinuation<Bool, Never>?
    }

    private let state: Mutex<State>

    init(_ limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Takes a slot, waiting for one if all are taken; false once the limit is closed.
    func acquire() async -> Bool {
        // Most calls find a slot free: answer without suspending.
        if let answer = state.withLock({ Self.take(&$0) }) { return answer }
        return await withCheckedContinuation { continuation in
            let answer = state.withLock { state -> Bool? in
                if let answer = Self.take(&state) { return answer }
                state.waiter = continuation
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// False when closed, true with a slot taken, nil when the caller has to wait.
    private static func take(_ state: inout State) -> Bool? {
        if state.closed { return false }
        guard state.available > 0 else { return nil }
        state.available -= 1
        return true
    }

    /// Gives a slot back, straight to the waiting reader if there is one.
    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.available += 1
            return nil
        }
        waiter?.resume(returning: true)
    }

    /// No slot will be given back any more: a waiting reader (and every later `acquire`) gets false.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }
}
