import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import Lab
@testable import ZooKeeper

/// The Lab with a stand-in broker: a shell script that just sleeps, while the test plays the broker's part
/// of registering in ZooKeeper and listening on the port.
@Suite(.serialized)
struct LabClusterTests {
    @Test func upStatusKillStartAndDown() async throws {
        let directory = try makeTemporaryDirectory("cluster")
        defer { removeTemporaryDirectory(directory) }
        let script = try writeScript(directory + "/fake-broker.sh", body: "echo \"fake broker $*\"\nexec sleep 120")
        let zookeeperPort = try FreePort.allocate(count: 1)[0]
        let spec = ClusterSpec(name: "t1", brokers: 2, basePort: 0, zookeeperPort: zookeeperPort,
            directory: directory, sessionTimeoutMs: 4000, brokerExecutable: script,
            extraProperties: ["log.retention.ms": "1000"], readinessTimeout: .seconds(30))

        let standIn = Task { try await playBrokers(ids: [0, 1], zookeeperPort: zookeeperPort, name: "t1",
            directory: directory) }
        let cluster: LabCluster
        do {
            cluster = try await LabCluster.up(spec)
        } catch {
            standIn.cancel()
            throw error
        }
        let stand = try await standIn.value
        defer { stand.listeners.forEach { close($0) } }

        do {
            let state = await cluster.state
            #expect(state.brokers.count == 2)
            #expect(await cluster.bootstrap == state.brokers.map { "127.0.0.1:\($0.port)" }.joined(separator: ","))
            #expect(await cluster.zookeeperConnect == "127.0.0.1:\(zookeeperPort)/kafkalab/t1")
            let properties = try String(contentsOfFile: state.brokers[1].configFile, encoding: .utf8)
            for line in ["broker.id=1", "listeners=PLAINTEXT://127.0.0.1:\(state.brokers[1].port)",
                "zookeeper.connect=127.0.0.1:\(zookeeperPort)/kafkalab/t1", "zookeeper.session.timeout.ms=4000",
                "default.replication.factor=2", "log.retention.ms=1000", "log.dirs=\(state.brokers[1].dataDirectory)"] {
                #expect(properties.contains(line + "\n"))
            }
            #expect(try String(contentsOfFile: state.brokers[0].logFile, encoding: .utf8)
                .contains("fake broker broker --config \(state.brokers[0].configFile)"))

            // A second `up` of the same cluster is refused; a later CLI finds it by name.
            let refusal = LabError.alreadyRunning(name: "t1", directory: directory, bootstrap: state.bootstrap)
            await #expect(throws: refusal) { try await LabCluster.up(spec) }
            let loaded = try LabCluster.load(name: "t1", directory: directory)
            #expect(await loaded.isRunning)

            let status = await loaded.status()
            #expect(status.zookeeper == .running)
            #expect(status.brokers.map(\.state) == [.running, .running])
            #expect(status.brokers.map(\.registered) == [true, true])
            #expect(status.controllerID == 1)

            try await loaded.kill(broker: 0, signal: .stop)
            #expect(await eventually { await loaded.status().brokers[0].state == .paused })
            try await loaded.start(broker: 0)
            #expect(await eventually { await loaded.status().brokers[0].state == .running })
            await #expect(throws: LabError.brokerAlreadyRunning(id: 0)) { try await loaded.start(broker: 0) }
            try await loaded.kill(broker: 1, signal: .kill)
            #expect(await eventually { await loaded.status().brokers[1].state == .dead })
            await #expect(throws: LabError.brokerNotRunning(id: 1)) { try await loaded.kill(broker: 1, signal: .term) }
            await #expect(throws: LabError.noSuchBroker(id: 9, name: "t1")) {
                try await loaded.kill(broker: 9, signal: .term)
            }
        } catch {
            await stand.zookeeper.close()
            try? await cluster.down()
            throw error
        }
        await stand.zookeeper.close()
        try await cluster.down()
        let stopped = try await LabCluster.load(name: "t1", directory: directory).status()
        #expect(stopped.zookeeper == .stopped)
        #expect(stopped.brokers.map(\.state) == [.stopped, .stopped])
        // ZooKeeper has exited, but a client socket of ours still closing (FIN_WAIT2 on ZooKeeper's side) can hold
        // the port for a moment: wait (bounded) for it to come free, as a restart would.
        #expect(await eventually { FreePort.isFree(zookeeperPort) })
    }

    @Test func aBrokerThatDiesStopsEverythingWithItsLog() async throws {
        let directory = try makeTemporaryDirectory("failing")
        defer { removeTemporaryDirectory(directory) }
        let script = try writeScript(directory + "/dying-broker.sh", body: "echo 'cannot start: disk on fire'\nexit 3")
        let zookeeperPort = try FreePort.allocate(count: 1)[0]
        let spec = ClusterSpec(name: "t2", brokers: 1, basePort: 0, zookeeperPort: zookeeperPort,
            directory: directory, brokerExecutable: script, readinessTimeout: .seconds(20))
        do {
            _ = try await LabCluster.up(spec)
            Issue.record("a broker that exits must fail `up`")
        } catch let error as LabError {
            #expect("\(error)".contains("disk on fire"))
            #expect("\(error)".contains("broker 0"))
        }
        let status = try await LabCluster.load(name: "t2", directory: directory).status()
        #expect(status.zookeeper == .stopped)
        // ZooKeeper has exited, but a client socket of ours still closing (FIN_WAIT2 on ZooKeeper's side) can hold
        // the port for a moment: wait (bounded) for it to come free, as a restart would.
        #expect(await eventually { FreePort.isFree(zookeeperPort) })
    }

    @Test(arguments: ["", "../escape", "a/b", "sp ace", String(repeating: "n", count: 65), "..", "é"])
    func badClusterNamesAreRejected(name: String) {
        #expect(throws: LabError.self) { try ClusterSpec(name: name, brokerExecutable: "/bin/sh").validate() }
    }

    @Test func badSpecsAreRejected() {
        let bad = [
            ClusterSpec(brokers: 0, brokerExecutable: "/bin/sh"),
            ClusterSpec(basePort: 65535, brokerExecutable: "/bin/sh"),
            ClusterSpec(basePort: 9092, zookeeperPort: 9093, brokerExecutable: "/bin/sh"),
            ClusterSpec(sessionTimeoutMs: 10, brokerExecutable: "/bin/sh"),
            ClusterSpec(brokerExecutable: "/bin/sh", extraProperties: ["a": "b\nc=d"]),
        ]
        for spec in bad { #expect(throws: LabError.self) { try spec.validate() } }
        #expect(throws: LabError.self) { try LabCluster.load(name: "nothing-here", directory: "/nonexistent") }
    }

    @Test func controllerZNodeParsing() {
        #expect(ControllerZNode.brokerID(from: Array(#"{"version":1,"brokerid":2,"timestamp":"1"}"#.utf8)) == 2)
        #expect(ControllerZNode.brokerID(from: Array("not json".utf8)) == nil)
        #expect(ControllerZNode.brokerID(from: []) == nil)
    }
}

/// What the test holds while playing the brokers' part.
struct StandIn: Sendable {
    var zookeeper: ZooKeeperClient
    var listeners: [Int32]
}

/// Waits for the lab's ZooKeeper and chroot, then registers each broker and listens on its port.
func playBrokers(ids: [Int], zookeeperPort: Int, name: String, directory: String) async throws -> StandIn {
    let stateFile = directory + "/\(name)/cluster.json"
    var client: ZooKeeperClient?
    while client == nil {
        try Task.checkCancellation()
        if await Blocking.run({ TCPProbe.fourLetterWord("ruok", port: zookeeperPort) == "imok" }) {
            client = try? await ZooKeeperClient.connect("127.0.0.1:\(zookeeperPort)/kafkalab/\(name)",
                connectTimeout: .seconds(2))
        }
        if client == nil { try await Task.sleep(for: .milliseconds(100)) }
    }
    guard let client else { throw CancellationError() }
    // The ports are in cluster.json, written before the brokers start.
    var ports: [Int] = []
    while ports.count != ids.count {
        try Task.checkCancellation()
        if let data = FileManager.default.contents(atPath: stateFile),
            let state = try? JSONDecoder().decode(ClusterState.self, from: data),
            state.brokers.allSatisfy({ $0.process != nil }) {
            ports = state.brokers.map(\.port)
        } else {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
    var listeners: [Int32] = []
    for (id, port) in zip(ids, ports) {
        listeners.append(try listen(port: port))
        try await client.create("/brokers/ids/\(id)", data: Array("{}".utf8), mode: .ephemeral, createParents: true)
    }
    try await client.create("/controller", data: Array(#"{"version":1,"brokerid":1,"timestamp":"0"}"#.utf8),
        mode: .ephemeral)
    return StandIn(zookeeper: client, listeners: listeners)
}

func listen(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, streamSocketType, 0)
    var reuse: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    guard fd >= 0, withSocketAddress(loopbackAddress(port: port), { bind(fd, $0, $1) }) == 0, Glibc.listen(fd, 16) == 0
    else { throw LabError.portInUse(port: port, purpose: "test listener") }
    return fd
}

func writeScript(_ path: String, body: String) throws -> String {
    try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
    guard chmod(path, 0o755) == 0 else { throw LabError.io(path: path, reason: "chmod failed") }
    return path
}
