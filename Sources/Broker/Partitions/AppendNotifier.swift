import Synchronization

/// Wakes long-polling fetches when any partition gets new data (or its high watermark moves).
///
/// Fetchers note the generation before reading, and wait only if nothing changed since; so an append that lands
/// between their read and their wait is never missed.
final class AppendNotifier: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Timers that fired before their waiter registered (a race with tiny timeouts).
        var expired: Set<UInt64> = []
    }

    private let state = Mutex(State())

    var generation: UInt64 { state.withLock { $0.generation } }

    func notify() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            defer { state.waiters.removeAll(keepingCapacity: true) }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the generation moves past `generation`, or after `timeout`, whichever comes first.
    func wait(since generation: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        let timer = Task { [weak self] in
            // A cancelled timer (the waiter was woken by data) must not mark the id expired.
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.resume(id)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.generation != generation || state.expired.remove(id) != nil { return true }
                state.waiters[id] = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        state.withLock { _ = $0.expired.remove(id) }
    }

    private func resume(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            state.expired.insert(id)
            return nil
        }
        waiter?.resume()
    }
}
