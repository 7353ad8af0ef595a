/// What a running (or stopped) lab cluster is made of: written to `<dir>/<name>/cluster.json` after every
/// change, so later CLI invocations can find, inspect and stop its processes.
public struct ClusterState: Codable, Sendable {
    public var name: String
    /// The cluster directory, absolute: `<dir>/<name>`.
    public var directory: String
    public var brokerExecutable: String
    public var sessionTimeoutMs: Int
    /// As asked: 0 means brokers got free ports.
    public var basePort: Int
    public var extraProperties: [String: String]
    public var zookeeperPort: Int
    /// nil while ZooKeeper is stopped.
    public var zookeeper: ZooKeeperServer?
    public var brokers: [BrokerRecord]
    /// "127.0.0.1:P0,127.0.0.1:P1,...", all brokers in id order.
    public var bootstrap: String
    /// "127.0.0.1:Z/kafkalab/<name>": what the brokers use.
    public var zookeeperConnect: String

    public static let fileName = "cluster.json"

    public var chroot: String { "/kafkalab/\(name)" }
    public var stateFile: String { directory + "/" + Self.fileName }

    mutating func refreshDerived() {
        brokers.sort { $0.id < $1.id }
        bootstrap = brokers.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")
        zookeeperConnect = "127.0.0.1:\(zookeeperPort)\(chroot)"
    }
}

/// One broker of the cluster: its files live in `<cluster dir>/broker-<id>/`.
public struct BrokerRecord: Codable, Sendable, Hashable {
    public var id: Int
    public var port: Int
    public var directory: String
    /// The last process started for this broker; nil after `down`.
    public var process: ManagedProcess?

    public var configFile: String { directory + "/server.properties" }
    public var logFile: String { directory + "/broker.log" }
    public var dataDirectory: String { directory + "/data" }
}
