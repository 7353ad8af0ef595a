import Synchronization

/// A problem the fuzzer found: the broker did something a hostile client must never be able to make it do.
struct FuzzFinding: Error, CustomStringConvertible {
    var description: String
}

/// What all fuzz workers did, shared between their threads.
final class FuzzLedger: Sendable {
    struct Totals: Sendable {
        /// Frames the broker consumed: answered, or the one it closed the connection on.
        var processed = 0
        var sent = 0
        var connections = 0
        var closedByBroker = 0
        var responses = 0
        /// Responses to valid frames that were decoded and checked with our codec.
        var checkedResponses = 0
        /// Pipelines whose answers did not arrive in time (a request the broker may legitimately hold, e.g. a
        /// JoinGroup waiting for its rebalance): their connection is dropped, and the labels are kept.
        var stalls: [String] = []
        var findings: [String] = []
        /// Set when the broker stopped accepting connections: it died or hung.
        var brokerDown: String?
        /// The pipelines sent in the last few seconds, to replay a crash or a memory jump (turned into hex only
        /// when reported). Memory grows for seconds after a bad request, so the last few frames are not enough.
        var recentPipelines: [(sent: ContinuousClock.Instant, worker: Int, frames: [FuzzFrame])] = []
    }

    private let state = Mutex(Totals())
    private let stopFlag = Atomic<Bool>(false)

    var shouldStop: Bool { stopFlag.load(ordering: .relaxed) }

    func stop() {
        stopFlag.store(true, ordering: .relaxed)
    }

    var totals: Totals { state.withLock { $0 } }

    func update(_ body: (inout Totals) -> Void) {
        state.withLock { body(&$0) }
    }

    func finding(_ text: String) {
        state.withLock { if $0.findings.count < 50 { $0.findings.append(text) } }
    }

    func brokerDown(_ text: String) {
        state.withLock { if $0.brokerDown == nil { $0.brokerDown = text } }
        stop()
    }
}
