import Foundation
import Logging
import ZooKeeper

/// A lab cluster on this machine: one ZooKeeper server and N broker processes, each in its own directory
/// under `<dir>/<name>/`, described by `cluster.json`. An instance either started the cluster (`up`) or was
/// loaded from its state file (`load`); both can stop, inspect and change it.
public actor LabCluster {
    public internal(set) var state: ClusterState
    let logger: Logger
    let readinessTimeout: Duration

    init(state: ClusterState, readinessTimeout: Duration, logger: Logger) {
        self.state = state
        self.readinessTimeout = readinessTimeout
        self.logger = logger
    }

    public var bootstrap: String { state.bootstrap }
    public var zookeeperConnect: String { state.zookeeperConnect }
    public var name: String { state.name }

    /// `<directory>/<name>` made absolute.
    public static func clusterDirectory(name: String, directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).standardizedFileURL.path
    }

    /// The cluster described by `<directory>/<name>/cluster.json`. Throws `.noSuchCluster` if there is none.
    public static func load(name: String = "lab", directory: String = ".lab", readinessTimeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "kafkalab.lab")) throws -> LabCluster {
        try ClusterSpec.validateName(name)
        let path = clusterDirectory(name: name, directory: directory) + "/" + ClusterState.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError.noSuchCluster(name: name, directory: directory)
        }
        do {
            let state = try JSONDecoder().decode(ClusterState.self, from: data)
            return LabCluster(state: state, readinessTimeout: readinessTimeout, logger: logger)
        } catch {
            throw LabError.corruptState(path: path, reason: "\(error)")
        }
    }

    /// Whether any process of the cluster (ZooKeeper or a broker) is alive.
    public var isRunning: Bool {
        state.zookeeper?.process.isAlive == true || state.brokers.contains { $0.process?.isAlive == true }
    }

    func save() throws {
        state.refreshDerived()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(atPath: state.directory, withIntermediateDirectories: true)
            try encoder.encode(state).write(to: URL(fileURLWithPath: state.stateFile), options: .atomic)
        } catch {
            throw LabError.io(path: state.stateFile, reason: "\(error)")
        }
    }

    /// Stops every broker (in parallel), then ZooKeeper: SIGTERM, SIGKILL after `timeout`. Keeps the files
    /// (data survives a later `up`) unless `clean`, which deletes the cluster directory.
    public func down(clean: Bool = false, timeout: Duration = .seconds(10),
        progress: @Sendable (String) -> Void = { _ in }) async throws {
        let running = state.brokers.compactMap { broker in broker.process.map { (broker.id, $0) } }
        await withTaskGroup(of: Void.self) { group in
            for (id, process) in running where process.isAlive {
                progress("Stopping broker \(id) (pid \(process.pid)) ...")
                group.addTask { await process.stop(timeout: timeout) }
            }
        }
        for index in state.brokers.indices { state.brokers[index].process = nil }
        if let zookeeper = state.zookeeper {
            if zookeeper.process.isAlive { progress("Stopping ZooKeeper (pid \(zookeeper.process.pid)) ...") }
            await zookeeper.stop(timeout: timeout)
            state.zookeeper = nil
        }
        if clean {
            progress("Removing \(state.directory)")
            do {
                try FileManager.default.removeItem(atPath: state.directory)
            } catch {
                throw LabError.io(path: state.directory, reason: "cannot remove: \(error)")
            }
        } else {
            try save()
        }
    }

    /// A client of the cluster's ZooKeeper, inside its chroot. The caller closes it.
    public func zookeeperClient(connectTimeout: Duration = .seconds(5)) async throws -> ZooKeeperClient {
        try await ZooKeeperClient.connect(state.zookeeperConnect, sessionTimeout: .seconds(10),
            connectTimeout: connectTimeout, logger: logger)
    }
}
