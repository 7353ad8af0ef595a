import Synchronization
import Testing

@testable import Broker

@Suite struct CompleteFirstLoadTests {
    /// A fake ZooKeeper read: each node fails as many times as `failures` says, recording the order of attempts.
    final class Reads: Sendable {
        private let state: Mutex<(failuresLeft: [String: Int], unread: [String], attempts: [String])>
        let stopAfterAttempts: Int?

        init(failures: [String: Int], stopAfterAttempts: Int? = nil) {
            state = Mutex((failures, [], []))
            self.stopAfterAttempts = stopAfterAttempts
        }

        func attempt(_ node: String) -> Bool {
            state.withLock { state in
                state.attempts.append(node)
                if let left = state.failuresLeft[node], left > 0 {
                    state.failuresLeft[node] = left - 1
                    if !state.unread.contains(node) { state.unread.append(node) }
                    return false
                }
                state.unread.removeAll { $0 == node }
                return true
            }
        }

        var unread: [String] { state.withLock { $0.unread } }
        var attempts: [String] { state.withLock { $0.attempts } }
        var isStopped: Bool { stopAfterAttempts.map { attempts.count >= $0 } ?? false }
    }

    @Test func aViewIsCompleteOnlyOnceEveryFailedReadSucceededAgain() async {
        let reads = Reads(failures: ["topics": 2, "controller": 1])
        let complete = await CompleteFirstLoad.run(
            roots: ["brokers", "controller", "topics"], attempt: { reads.attempt($0) }, unread: { reads.unread },
            isStopped: { reads.isStopped }, pause: {})
        #expect(complete)
        #expect(reads.unread.isEmpty)
        #expect(reads.attempts == ["brokers", "controller", "topics", "controller", "topics", "topics"])
    }

    @Test func aSessionThatEndsDuringTheLoadYieldsNoViewToApply() async {
        // The case the durability run found: the session expires while the topic is still unread.
        let reads = Reads(failures: ["topics": 100], stopAfterAttempts: 5)
        let complete = await CompleteFirstLoad.run(
            roots: ["brokers", "controller", "topics"], attempt: { reads.attempt($0) }, unread: { reads.unread },
            isStopped: { reads.isStopped }, pause: {})
        #expect(!complete)
        #expect(reads.attempts.count == 5, "stops retrying once the session is gone")
    }

    @Test func aFullyReadViewIsCompleteWithoutRetries() async {
        let reads = Reads(failures: [:])
        let complete = await CompleteFirstLoad.run(
            roots: ["a", "b"], attempt: { reads.attempt($0) }, unread: { reads.unread }, isStopped: { false },
            pause: { Issue.record("nothing to wait for") })
        #expect(complete)
        #expect(reads.attempts == ["a", "b"])
    }
}
