import Foundation
import Logging
import ZooKeeper

extension LabCluster {
    /// Starts ZooKeeper, then all brokers, and waits until each broker is registered in ZooKeeper and accepts
    /// connections. On any failure everything started is stopped and the error explains what went wrong
    /// (with the end of the failing process's log). Returns the running cluster; `bootstrap` says where it is.
    public static func up(_ spec: ClusterSpec, progress: @escaping @Sendable (String) -> Void = { _ in },
        logger: Logger = Logger(label: "kafkalab.lab")) async throws -> LabCluster {
        try spec.validate()
        let directory = clusterDirectory(name: spec.name, directory: spec.directory)
        if let existing = try? load(name: spec.name, directory: spec.directory), await existing.isRunning {
            let bootstrap = await existing.bootstrap
            throw LabError.alreadyRunning(name: spec.name, directory: spec.directory, bootstrap: bootstrap)
        }
        _ = try Executable.resolve(spec.brokerExecutable)
        if spec.clean, FileManager.default.fileExists(atPath: directory) {
            progress("Removing \(directory)")
            do {
                try FileManager.default.removeItem(atPath: directory)
            } catch {
                throw LabError.io(path: directory, reason: "cannot remove: \(error)")
            }
        }
        let zookeeperPort = spec.zookeeperPort == 0 ? try FreePort.allocate(count: 1)[0] : spec.zookeeperPort
        let brokerPorts = spec.basePort == 0
            ? try FreePort.allocate(count: spec.brokers) : (0..<spec.brokers).map { spec.basePort + $0 }
        for (id, port) in brokerPorts.enumerated() where !FreePort.isFree(port) {
            throw LabError.portInUse(port: port, purpose: "broker \(id)")
        }
        var state = ClusterState(
            name: spec.name, directory: directory, brokerExecutable: spec.brokerExecutable,
            sessionTimeoutMs: spec.sessionTimeoutMs, basePort: spec.basePort, extraProperties: spec.extraProperties,
            zookeeperPort: zookeeperPort, zookeeper: nil,
            brokers: brokerPorts.enumerated().map { id, port in
                BrokerRecord(id: id, port: port, directory: directory + "/broker-\(id)", process: nil)
            },
            bootstrap: "", zookeeperConnect: "")
        state.refreshDerived()
        let cluster = LabCluster(state: state, readinessTimeout: spec.readinessTimeout, logger: logger)
        do {
            try await cluster.startAll(progress: progress)
        } catch {
            progress("Start-up failed; stopping what was started ...")
            try? await cluster.down()
            throw error
        }
        return cluster
    }

    private func startAll(progress: @escaping @Sendable (String) -> Void) async throws {
        try save()
        progress("Starting ZooKeeper on 127.0.0.1:\(state.zookeeperPort) ...")
        let zookeeper = try await ZooKeeperServer.start(port: state.zookeeperPort,
            directory: state.directory + "/zookeeper", timeout: readinessTimeout, logger: logger)
        state.zookeeper = zookeeper
        try save()
        progress("ZooKeeper is ready (pid \(zookeeper.process.pid), log \(zookeeper.logFile))")
        // Connecting through the chroot creates it, so brokers find /kafkalab/<name> in place.
        let client = try await zookeeperClient()
        do {
            for broker in state.brokers {
                progress("Starting broker \(broker.id) on 127.0.0.1:\(broker.port) ...")
                try spawnBroker(id: broker.id)
            }
            for broker in state.brokers {
                try await waitUntilReady(brokerID: broker.id, client: client)
                let pid = state.brokers.first { $0.id == broker.id }?.process?.pid ?? 0
                progress("Broker \(broker.id) is ready on 127.0.0.1:\(broker.port) (pid \(pid))")
            }
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }
}
