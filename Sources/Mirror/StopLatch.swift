import Synchronization

/// A one-way signal: `wait()` returns once `signal()` has been called (before or after). The first error given
/// to `signal` is kept, so a fatal failure in any worker both stops the mirror and becomes its result.
final class StopLatch: Sendable {
    private let state = Mutex<(signalled: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    private let firstError = Mutex<MirrorError?>(nil)

    var error: MirrorError? { firstError.withLock { $0 } }

    func signal(_ error: MirrorError? = nil) {
        if let error { firstError.withLock { $0 = $0 ?? error } }
        let waiters = state.withLock { state in
            defer { state = (true, []) }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.signalled { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
