import Synchronization
import Testing

@testable import Broker

/// A clock that only moves when a test advances it; sleepers wake in deadline order.
final class FakeGroupClock: GroupClock {
    private struct Sleeper {
        let id: UInt64
        let deadlineMs: Int64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var nowMs: Int64 = 0
        var lastId: UInt64 = 0
        var sleepers: [Sleeper] = []
        var cancelledBeforeSleeping: Set<UInt64> = []
    }

    private let state = Mutex(State())

    func nowMs() -> Int64 { state.withLock { $0.nowMs } }

    func wallClockMs() -> Int64 { 1_700_000_000_000 + nowMs() }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(untilMs deadlineMs: Int64) async throws {
        let id = state.withLock { state in
            state.lastId += 1
            return state.lastId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, CancellationError>? = state.withLock { state in
                    if state.cancelledBeforeSleeping.remove(id) != nil { return .failure(CancellationError()) }
                    if state.nowMs >= deadlineMs { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadlineMs: deadlineMs, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledBeforeSleeping.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    func advance(byMs delta: Int64) {
        let due: [Sleeper] = state.withLock { state in
            state.nowMs += delta
            let now = state.nowMs
            let due = state.sleepers.filter { $0.deadlineMs <= now }.sorted { $0.deadlineMs < $1.deadlineMs }
            state.sleepers.removeAll { $0.deadlineMs <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}

/// Collects what the coordinator persists, and can be told to fail.
final class OffsetLogRecorder: Sendable {
    private let state = Mutex<(records: [OffsetRecord], failure: (any Error)?)>(([], nil))

    var records: [OffsetRecord] { state.withLock { $0.records } }

    func failNext(with error: (any Error)?) { state.withLock { $0.failure = error } }

    func persist(_ records: [OffsetRecord]) throws {
        try state.withLock { state in
            if let failure = state.failure {
                state.failure = nil
                throw failure
            }
            state.records += records
        }
    }
}

struct SomeDiskError: Error {}

/// Polls `condition` until it holds or `timeout` passes; for effects that happen on other tasks.
func eventually(timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return await condition()
}

func joinRequest(
    memberId: String = "", clientId: String = "client", apiVersion: Int16 = 4, sessionTimeoutMs: Int32 = 10_000
) -> GroupJoinRequest {
    GroupJoinRequest(
        groupId: "g", sessionTimeoutMs: sessionTimeoutMs, rebalanceTimeoutMs: 30_000, memberId: memberId,
        protocolType: "consumer", protocols: [GroupProtocol(name: "range", metadata: Array(clientId.utf8))],
        clientId: clientId, clientHost: "/127.0.0.1", apiVersion: apiVersion)
}
