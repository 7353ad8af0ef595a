import Foundation

/// Runs blocking socket work on a thread of its own, so the cooperative pool (which the lab's actors and the test
/// runner need) is never blocked by a `recv`.
func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held. For conditions that live in
/// another process (a broker's metadata), which cannot be awaited directly.
func eventually(
    timeout: Duration, every interval: Duration = .milliseconds(100), _ condition: () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return await condition()
}
