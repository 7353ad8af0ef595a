import Foundation
import ZooKeeper

#if canImport(Glibc)
import Glibc
#endif

/// The signals `kafkalab cluster kill` sends.
public enum LabSignal: String, CaseIterable, Sendable {
    /// Crash: no shutdown at all; the broker's ZooKeeper session lingers until it times out.
    case kill = "KILL"
    /// Pause: the process freezes holding its ports and session (resume with `start`).
    case stop = "STOP"
    /// Polite shutdown.
    case term = "TERM"
    case cont = "CONT"

    public var number: Int32 {
        switch self {
        case .kill: SIGKILL
        case .stop: SIGSTOP
        case .term: SIGTERM
        case .cont: SIGCONT
        }
    }
}

extension LabCluster {
    /// Sends `signal` to broker `id`. Throws `.brokerNotRunning` if its process is gone or was never started.
    public func kill(broker id: Int, signal: LabSignal) throws {
        guard let process = try record(id).process, process.signal(signal.number) else {
            throw LabError.brokerNotRunning(id: id)
        }
        logger.debug("signalled broker", metadata: ["id": "\(id)", "signal": "\(signal.rawValue)"])
    }

    /// Resumes a paused broker (SIGCONT), or starts a stopped/dead one and waits until it is ready.
    /// Throws `.brokerAlreadyRunning` if it runs.
    public func start(broker id: Int, progress: @Sendable (String) -> Void = { _ in }) async throws {
        let broker = try record(id)
        if let process = broker.process {
            switch process.state {
            case .paused:
                process.signal(SIGCONT)
                progress("Broker \(id) resumed (SIGCONT to pid \(process.pid))")
                return
            case .running:
                throw LabError.brokerAlreadyRunning(id: id)
            case .exited:
                break
            }
        }
        try await startAndWait(id: id, progress: progress)
    }

    /// Adds broker `max id + 1` (port `basePort + id`, or a free port when the base port is 0), starts it and
    /// waits until it is ready. Existing brokers keep their settings.
    @discardableResult
    public func addBroker(progress: @Sendable (String) -> Void = { _ in }) async throws -> BrokerRecord {
        let id = (state.brokers.map(\.id).max() ?? -1) + 1
        let port = state.basePort == 0 ? try FreePort.allocate(count: 1)[0] : state.basePort + id
        guard port <= 65535 else { throw LabError.invalidSpec("no port left above \(state.basePort) for broker \(id)") }
        guard FreePort.isFree(port) else { throw LabError.portInUse(port: port, purpose: "broker \(id)") }
        state.brokers.append(BrokerRecord(id: id, port: port, directory: state.directory + "/broker-\(id)"))
        try save()
        try await startAndWait(id: id, progress: progress)
        return try record(id)
    }

    private func startAndWait(id: Int, progress: @Sendable (String) -> Void) async throws {
        guard let zookeeper = state.zookeeper, zookeeper.process.isAlive else {
            throw LabError.brokerNotReady(id: id, reason: "ZooKeeper of cluster '\(state.name)' is not running; "
                + "run 'kafkalab cluster up --name \(state.name)'", logTail: "")
        }
        let broker = try record(id)
        // Right after `kill -9` the old process may still be exiting and holding its port: give it a moment.
        let deadline = ContinuousClock.now + .seconds(10)
        while !FreePort.isFree(broker.port) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        guard FreePort.isFree(broker.port) else { throw LabError.portInUse(port: broker.port, purpose: "broker \(id)") }
        progress("Starting broker \(id) on 127.0.0.1:\(broker.port) ...")
        try spawnBroker(id: id)
        let client = try await zookeeperClient()
        do {
            try await waitUntilReady(brokerID: id, client: client)
        } catch {
            await client.close()
            if let process = try? record(id).process { await process.stop() }
            throw error
        }
        await client.close()
        progress("Broker \(id) is ready on 127.0.0.1:\(broker.port) (pid \(try record(id).process?.pid ?? 0))")
    }

    func record(_ id: Int) throws -> BrokerRecord {
        guard let broker = state.brokers.first(where: { $0.id == id }) else {
            throw LabError.noSuchBroker(id: id, name: state.name)
        }
        return broker
    }

    /// Writes the broker's server.properties and starts `<executable> broker --config <file>`.
    func spawnBroker(id: Int) throws {
        guard let index = state.brokers.firstIndex(where: { $0.id == id }) else {
            throw LabError.noSuchBroker(id: id, name: state.name)
        }
        let broker = state.brokers[index]
        do {
            try FileManager.default.createDirectory(atPath: broker.dataDirectory, withIntermediateDirectories: true)
            try BrokerProperties.text(for: broker, cluster: state)
                .write(toFile: broker.configFile, atomically: true, encoding: .utf8)
        } catch {
            throw LabError.io(path: broker.directory, reason: "\(error)")
        }
        let process = try ManagedProcess.spawn(executable: state.brokerExecutable,
            arguments: ["broker", "--config", broker.configFile], logFile: broker.logFile)
        state.brokers[index].process = process
        try save()
    }

    /// Ready = `/brokers/ids/<id>` exists under the chroot and the port accepts connections.
    func waitUntilReady(brokerID id: Int, client: ZooKeeperClient) async throws {
        let deadline = ContinuousClock.now + readinessTimeout
        while true {
            let broker = try record(id)
            guard let process = broker.process, process.isAlive else {
                throw LabError.brokerNotReady(id: id, reason: "its process exited during start-up",
                    logTail: logTail(broker.logFile))
            }
            let registered = (try? await client.exists("/brokers/ids/\(id)")) != nil
            let port = broker.port
            let listening = await Blocking.run { TCPProbe.canConnect(port: port) }
            if registered && listening { return }
            if ContinuousClock.now >= deadline {
                let missing = [registered ? nil : "not registered at /brokers/ids/\(id)",
                    listening ? nil : "port \(port) not accepting connections"].compactMap { $0 }
                throw LabError.brokerNotReady(id: id,
                    reason: missing.joined(separator: ", ") + " after \(readinessTimeout)",
                    logTail: logTail(broker.logFile))
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
