import Foundation

/// Runs a blocking C call (e.g. `zookeeper_close`, which joins the library's threads) on a thread of its own,
/// so Swift's cooperative pool never blocks on it.
enum OffPool {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "zookeeper-blocking"
            thread.start()
        }
    }
}
