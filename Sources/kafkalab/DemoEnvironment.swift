import Foundation
import KafkaClient
import Lab
import Synchronization

/// What the demo runs: a source and a destination lab cluster, and a mirror between them as a separate
/// `kafkalab mirror` process (so it can be killed with SIGKILL like any other). Owns their lifetimes: `stopAll`
/// stops everything it started, and `emergencyKill` does so synchronously from a signal handler.
final class DemoEnvironment: Sendable {
    let directory: String
    let brokersPerCluster: Int
    private let clusters = Mutex<(source: LabCluster?, destination: LabCluster?)>((nil, nil))
    private let mirrorProcess = Mutex<ManagedProcess?>(nil)
    private let bootstraps = Mutex<(source: String, destination: String)>(("", ""))

    /// Mirrored topics: every source topic whose name starts with "demo.".
    static let topicPattern = "demo\\..*"

    init(directory: String, brokersPerCluster: Int) {
        self.directory = directory
        self.brokersPerCluster = brokersPerCluster
    }

    var source: LabCluster? { clusters.withLock { $0.source } }
    var destination: LabCluster? { clusters.withLock { $0.destination } }
    var sourceBootstrap: String { bootstraps.withLock { $0.source } }
    var destinationBootstrap: String { bootstraps.withLock { $0.destination } }
    var mirrorLog: String { directory + "/mirror.log" }

    /// Starts both clusters (free ports, a fresh directory each) one after the other: two cores do not start six
    /// brokers and two ZooKeepers in parallel any faster.
    func startClusters(progress: @escaping @Sendable (String) -> Void) async throws {
        for name in ["source", "destination"] {
            let spec = ClusterSpec(name: name, brokers: brokersPerCluster, basePort: 0, zookeeperPort: 0,
                directory: directory, readinessTimeout: .seconds(60), clean: true)
            let cluster = try await LabCluster.up(spec, progress: { progress("[\(name)] \($0)") })
            let bootstrap = await cluster.bootstrap
            clusters.withLock { if name == "source" { $0.source = cluster } else { $0.destination = cluster } }
            bootstraps.withLock { if name == "source" { $0.source = bootstrap } else { $0.destination = bootstrap } }
        }
    }

    /// Starts (or restarts) `kafkalab mirror` for every topic matching `topicPattern`; its output goes to
    /// `mirror.log`. The group stays the same across restarts, so a restarted mirror resumes from the committed
    /// offsets (and re-sends what was not committed: at least once).
    func startMirror() throws {
        let arguments = ["mirror", "--source", sourceBootstrap, "--destination", destinationBootstrap,
            "--topics", Self.topicPattern, "--group", "kafkalab-demo-mirror", "--metadata-interval-ms", "1000"]
        let process = try ManagedProcess.spawn(executable: Executable.current(), arguments: arguments,
            logFile: mirrorLog)
        mirrorProcess.withLock { $0 = process }
    }

    var mirrorPID: Int32? { mirrorProcess.withLock { $0?.pid } }
    var mirrorIsAlive: Bool { mirrorProcess.withLock { $0?.isAlive ?? false } }

    /// SIGKILL to the mirror. Returns its pid, or nil if it was not running.
    func killMirror() -> Int32? {
        guard let process = mirrorProcess.withLock({ $0 }), process.signal(SIGKILL) else { return nil }
        return process.pid
    }

    /// Stops everything that runs: the mirror (SIGTERM, so it drains and commits), then both clusters. Keeps the
    /// files (logs are worth reading after a demo) unless `clean`.
    func stopAll(clean: Bool, progress: @escaping @Sendable (String) -> Void) async {
        if let process = mirrorProcess.withLock({ $0 }), process.isAlive {
            progress("Stopping the mirror (pid \(process.pid)) ...")
            await process.stop(timeout: .seconds(15))
        }
        for (name, cluster) in [("destination", destination), ("source", source)] {
            guard let cluster else { continue }
            progress("Stopping the \(name) cluster ...")
            do {
                try await cluster.down(clean: clean, timeout: .seconds(10))
            } catch {
                progress("warning: stopping the \(name) cluster: \(error)")
            }
        }
    }

    /// From a signal handler: SIGKILL every process recorded by the mirror or either cluster's state file, at
    /// once. Used on a second Ctrl-C, when an orderly stop takes too long.
    func emergencyKill() {
        mirrorProcess.withLock { $0 }?.signal(SIGKILL)
        for name in ["source", "destination"] {
            let path = LabCluster.clusterDirectory(name: name, directory: directory) + "/" + ClusterState.fileName
            guard let data = FileManager.default.contents(atPath: path),
                let state = try? JSONDecoder().decode(ClusterState.self, from: data)
            else { continue }
            for broker in state.brokers { broker.process?.signal(SIGKILL) }
            state.zookeeper?.process.signal(SIGKILL)
        }
    }

    /// The demo's own clients log only critical librdkafka messages: the disconnects every broker kill causes are
    /// expected and would drown the live lines. (The mirror's full log is in `mirror.log`.)
    static let quietClient = ["log_level": "2"]

    func sourceConfig(_ extra: [String: String] = [:]) -> KafkaConfig {
        KafkaConfig(bootstrapServers: sourceBootstrap, Self.quietClient.merging(extra) { _, new in new })
    }

    func destinationConfig(_ extra: [String: String] = [:]) -> KafkaConfig {
        KafkaConfig(bootstrapServers: destinationBootstrap, Self.quietClient.merging(extra) { _, new in new })
    }
}
