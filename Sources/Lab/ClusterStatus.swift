import Foundation
import ZooKeeper

/// How one process of the cluster is doing.
public enum ComponentState: String, Sendable, Codable {
    case running
    /// SIGSTOPped: frozen, still holding its port and (until it times out) its ZooKeeper session.
    case paused
    /// Its recorded process is gone without the lab stopping it (crashed or killed).
    case dead
    /// Not started, or stopped by `down`.
    case stopped
}

public struct BrokerStatus: Sendable, Codable, Hashable {
    public var id: Int
    public var port: Int
    public var pid: Int32?
    public var state: ComponentState
    /// Whether `/brokers/ids/<id>` exists; nil when ZooKeeper could not be asked.
    public var registered: Bool?
}

public struct ClusterStatus: Sendable, Codable {
    public var name: String
    public var directory: String
    public var bootstrap: String
    public var zookeeperConnect: String
    public var zookeeper: ComponentState
    public var zookeeperPID: Int32?
    public var brokers: [BrokerStatus]
    /// From `/controller` (`{"brokerid":N,...}`); nil when there is none or ZooKeeper could not be asked.
    public var controllerID: Int?
    /// Offline and under-replicated partitions from the partition znodes; nil when ZooKeeper could not be asked.
    public var partitions: PartitionHealth?
}

extension LabCluster {
    /// Process states from the pids, plus registration and the controller from ZooKeeper when it runs.
    public func status() async -> ClusterStatus {
        let zookeeperState = Self.componentState(state.zookeeper?.process)
        var brokers = state.brokers.map { broker in
            BrokerStatus(id: broker.id, port: broker.port, pid: broker.process?.pid,
                state: Self.componentState(broker.process), registered: nil)
        }
        var controllerID: Int?
        var health: PartitionHealth?
        if zookeeperState == .running, let client = try? await zookeeperClient(connectTimeout: .seconds(3)) {
            let registered = Set(((try? await client.children("/brokers/ids")) ?? []).compactMap { Int($0) })
            for index in brokers.indices { brokers[index].registered = registered.contains(brokers[index].id) }
            if let (data, _) = try? await client.getData("/controller") {
                controllerID = ControllerZNode.brokerID(from: data)
            }
            let admin = PartitionAdmin(client: client)
            if let partitions = try? await admin.partitions(),
                let reassigning = try? await admin.pendingReassignments()
            {
                health = PartitionHealth(
                    partitions: partitions, liveBrokers: Set(registered.map { Int32($0) }), reassigning: reassigning)
            }
            await client.close()
        }
        return ClusterStatus(name: state.name, directory: state.directory, bootstrap: state.bootstrap,
            zookeeperConnect: state.zookeeperConnect, zookeeper: zookeeperState,
            zookeeperPID: state.zookeeper?.process.pid, brokers: brokers, controllerID: controllerID,
            partitions: health)
    }

    static func componentState(_ process: ManagedProcess?) -> ComponentState {
        guard let process else { return .stopped }
        switch process.state {
        case .running: return .running
        case .paused: return .paused
        case .exited: return .dead
        }
    }
}

/// The `/controller` znode: `{"version":1,"brokerid":N,"timestamp":"..."}`.
enum ControllerZNode {
    private struct Payload: Decodable {
        var brokerid: Int
    }

    /// The controller's broker id, or nil when the data is not that JSON.
    static func brokerID(from data: [UInt8]) -> Int? {
        try? JSONDecoder().decode(Payload.self, from: Data(data)).brokerid
    }
}
