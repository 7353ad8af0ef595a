import Foundation
import Testing

@testable import Lab
@testable import ZooKeeper

/// A fresh temporary directory under /tmp, removed by the caller via `removeTemporaryDirectory`.
func makeTemporaryDirectory(_ label: String) throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("kafkalab-zk-tests-\(label)-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func removeTemporaryDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// Runs `body` against a real ZooKeeper server on a free port; the server is stopped (and its directory
/// removed) whether `body` succeeds or throws.
func withZooKeeperServer(_ label: String, _ body: (ZooKeeperServer) async throws -> Void) async throws {
    let directory = try makeTemporaryDirectory(label)
    defer { removeTemporaryDirectory(directory) }
    let port = try FreePort.allocate(count: 1)[0]
    let server = try await ZooKeeperServer.start(port: port, directory: directory)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// Runs `body` with a client of `server` (optionally inside `chroot`), closed afterwards.
func withClient(_ server: ZooKeeperServer, chroot: String = "", _ body: (ZooKeeperClient) async throws -> Void)
    async throws {
    let client = try await ZooKeeperClient.connect(server.connectString + chroot, sessionTimeout: .seconds(10))
    do {
        try await body(client)
    } catch {
        await client.close()
        throw error
    }
    await client.close()
}

/// Waits until `condition` holds, polling, for at most `timeout`. Returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}

/// Collects watch events so a test can await the first one with a timeout.
final class WatchRecorder: Sendable {
    private let stream: AsyncStream<WatchEvent>
    private let continuation: AsyncStream<WatchEvent>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    var callback: WatchCallback {
        let continuation = self.continuation
        return { continuation.yield($0) }
    }

    /// The next event, or nil after `timeout`.
    func next(timeout: Duration = .seconds(10)) async -> WatchEvent? {
        let stream = self.stream
        return await withTaskGroup(of: WatchEvent?.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
