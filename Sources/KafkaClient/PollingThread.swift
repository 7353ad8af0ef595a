import Foundation
import Synchronization

/// A dedicated OS thread that calls `body` in a loop until stopped. librdkafka's poll calls block for up to their
/// timeout, so they run here rather than on Swift's cooperative pool.
final class PollingThread: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)
    private let waited = Atomic<Bool>(false)

    /// `body` is called repeatedly; it should block for at most a short timeout (e.g. 100 ms) per call.
    init(name: String, body: @escaping @Sendable () -> Void) {
        // The thread keeps `self` alive until `stop()`; owners call `stop()` from `close()` or `deinit`.
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                body()
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    var isRunning: Bool { running.load(ordering: .acquiring) }

    /// Asks the loop to stop without waiting: for `deinit`, which may run on Swift's cooperative pool.
    func requestStop() {
        running.store(false, ordering: .releasing)
    }

    /// Asks the loop to stop and waits for its current iteration to end. Idempotent.
    func stop() {
        running.store(false, ordering: .releasing)
        if !waited.exchange(true, ordering: .acquiringAndReleasing) {
            finished.wait()
        }
    }
}
