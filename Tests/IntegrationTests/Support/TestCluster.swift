import Foundation
import Lab
import Testing

/// One running lab cluster for a test, with the facts tests need about broker 0.
struct TestCluster: Sendable {
    let cluster: LabCluster
    let directory: String

    func port(broker id: Int = 0) async throws -> Int {
        guard let broker = await cluster.state.brokers.first(where: { $0.id == id }) else {
            throw LabError.noSuchBroker(id: id, name: await cluster.name)
        }
        return broker.port
    }

    func brokerLogFile(_ id: Int = 0) async -> String {
        await cluster.state.brokers.first { $0.id == id }?.logFile ?? ""
    }

    func dataDirectory(_ id: Int = 0) async -> String {
        await cluster.state.brokers.first { $0.id == id }?.dataDirectory ?? ""
    }

    func isAlive(broker id: Int = 0) async -> Bool {
        await cluster.state.brokers.first { $0.id == id }?.process?.isAlive ?? false
    }

    /// Broker `id`'s resident memory (VmRSS from /proc), 0 when it is not running.
    func residentBytes(broker id: Int = 0) async -> Int {
        guard let pid = await cluster.state.brokers.first(where: { $0.id == id })?.process?.pid,
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kilobytes * 1024
    }

    /// The last `bytes` of broker `id`'s log, for failure messages.
    func brokerLogTail(_ id: Int = 0, bytes: Int = 6000) async -> String {
        let path = await brokerLogFile(id)
        guard let data = FileManager.default.contents(atPath: path) else { return "(no broker.log at \(path))" }
        return String(decoding: data.suffix(bytes), as: UTF8.self)
    }
}

/// Starts ZooKeeper and `brokers` real broker processes in a fresh temporary directory, runs `body`, and ALWAYS
/// stops the cluster and deletes the directory afterwards, also when `body` throws (then the end of each broker's
/// log is recorded as a test issue first, because the directory is about to disappear).
/// Set `KAFKALAB_KEEP_TEST_DIRS=1` to keep the directory for a post-mortem.
func withCluster<T: Sendable>(
    _ name: String,
    brokers: Int = 1,
    sessionTimeoutMs: Int = 6000,
    properties: [String: String] = [:],
    _ body: (TestCluster) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("kafkalab-it-\(name)-\(UUID().uuidString.prefix(8))").path
    let keep = ProcessInfo.processInfo.environment["KAFKALAB_KEEP_TEST_DIRS"] == "1"
    defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
    let spec = ClusterSpec(
        name: name, brokers: brokers, basePort: 0, zookeeperPort: 0, directory: directory,
        sessionTimeoutMs: sessionTimeoutMs, brokerExecutable: try KafkalabExecutable.path(),
        extraProperties: properties, readinessTimeout: .seconds(60), clean: true)
    let cluster = try await LabCluster.up(spec)
    let handle = TestCluster(cluster: cluster, directory: directory)
    do {
        let result = try await body(handle)
        try await cluster.down(clean: !keep)
        return result
    } catch {
        for id in 0..<brokers {
            Issue.record("broker \(id) log tail (cluster dir \(directory)):\n\(await handle.brokerLogTail(id))")
        }
        try? await cluster.down(clean: !keep)
        throw error
    }
}
