import Synchronization

/// Every record the crash test's producers sent and every one the broker acknowledged, per partition, shared by
/// the producer threads.
final class CrashLedger: Sendable {
    struct State: Sendable {
        /// partition -> offset -> value, from successful produce answers.
        var acknowledged: [Int32: [Int64: [UInt8]]] = [:]
        /// Every value ever sent (acknowledged or not): anything the broker serves must be one of these.
        var sent: [Int32: Set<[UInt8]>] = [:]
        var acknowledgedCount = 0
        /// Produce error codes seen (e.g. while the restarted broker takes leadership back), for the report.
        var errors: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private let stopFlag = Atomic<Bool>(false)

    var snapshot: State { state.withLock { $0 } }
    var acknowledgedCount: Int { state.withLock { $0.acknowledgedCount } }
    var shouldStop: Bool { stopFlag.load(ordering: .relaxed) }

    func setStopped(_ stopped: Bool) {
        stopFlag.store(stopped, ordering: .relaxed)
    }

    func recordSent(partition: Int32, values: [[UInt8]]) {
        state.withLock { $0.sent[partition, default: []].formUnion(values) }
    }

    func recordAcknowledged(partition: Int32, baseOffset: Int64, values: [[UInt8]]) {
        state.withLock { state in
            for (index, value) in values.enumerated() {
                state.acknowledged[partition, default: [:]][baseOffset + Int64(index)] = value
            }
            state.acknowledgedCount += values.count
        }
    }

    func recordError(_ text: String) {
        state.withLock { $0.errors[text, default: 0] += 1 }
    }
}
