import Foundation

/// Runs blocking work (probes with poll timeouts, waiting for processes) on a thread of its own, so Swift's
/// cooperative pool keeps serving everything else.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "lab-blocking"
            thread.start()
        }
    }
}
