import NIOCore
import NIOPosix
import Synchronization

/// Wakes long-polling fetches when any partition gets new data (or its high watermark moves).
///
/// Fetchers note the generation before reading, and wait only if nothing changed since; so an append that lands
/// between their read and their wait is never missed.
///
/// The timeout is an event-loop timer, not `Task.sleep`: every acks=all produce and every long-polling fetch waits
/// here, often several times per request, and a `Task.sleep` is a new task plus a libdispatch timer that stays in
/// dispatch's heap until its deadline even when cancelled (a produce's is the request timeout, 30 s). Profiled under
/// RF=3 load, libdispatch's timer threads were ~8% of the brokers' CPU; a cancelled NIO timer is simply dropped.
final class AppendNotifier: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits that have started and not yet finished: only these can be marked expired.
        var active: Set<UInt64> = []
        /// Timers that fired before their waiter registered (a race with tiny timeouts).
        var expired: Set<UInt64> = []
    }

    private let state = Mutex(State())

    var generation: UInt64 { state.withLock { $0.generation } }

    /// Bookkeeping of finished waits still held (tests: must be zero once no wait is running).
    var leftoverWaitState: Int { state.withLock { $0.active.count + $0.expired.count + $0.waiters.count } }

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
            state.active.insert(state.nextWaiter)
            return state.nextWaiter
        }
        // The loop this task runs on when NIO is the global executor (`kafkalab broker`), else any loop.
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        let timer = loop.scheduleTask(in: TimeAmount(max(timeout, .zero))) { [weak self] in self?.resume(id) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.generation != generation || state.expired.remove(id) != nil { return true }
                state.waiters[id] = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        state.withLock { state in
            state.active.remove(id)
            state.expired.remove(id)
        }
    }

    private func resume(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            // A timer that fires after its wait finished (cancel raced with it) must leave nothing behind.
            if state.active.contains(id) { state.expired.insert(id) }
            return nil
        }
        waiter?.resume()
    }
}
