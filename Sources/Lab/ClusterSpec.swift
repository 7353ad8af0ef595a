/// What `kafkalab cluster up` asks for. Ports 0 mean "pick free ports at run time".
public struct ClusterSpec: Sendable {
    /// Names the cluster's directory (`<directory>/<name>`) and its ZooKeeper chroot (`/kafkalab/<name>`).
    public var name: String
    public var brokers: Int
    /// Broker `i` listens on `basePort + i` (ids start at 0); 0 picks free ports.
    public var basePort: Int
    /// 0 picks a free port.
    public var zookeeperPort: Int
    /// Parent of the cluster directory; relative paths are resolved against the current directory.
    public var directory: String
    /// `zookeeper.session.timeout.ms` for the brokers: how long a dead or paused broker stays registered.
    public var sessionTimeoutMs: Int
    /// The program started as `<brokerExecutable> broker --config <file>`.
    public var brokerExecutable: String
    /// Extra `server.properties` lines; they override the lab's defaults.
    public var extraProperties: [String: String]
    /// How long each broker (and ZooKeeper) may take to become ready.
    public var readinessTimeout: Duration
    /// Delete the cluster directory (logs, data) before starting.
    public var clean: Bool

    public init(
        name: String = "lab", brokers: Int = 3, basePort: Int = 9092, zookeeperPort: Int = 2181,
        directory: String = ".lab", sessionTimeoutMs: Int = 6000, brokerExecutable: String = Executable.current(),
        extraProperties: [String: String] = [:], readinessTimeout: Duration = .seconds(30), clean: Bool = false
    ) {
        self.name = name
        self.brokers = brokers
        self.basePort = basePort
        self.zookeeperPort = zookeeperPort
        self.directory = directory
        self.sessionTimeoutMs = sessionTimeoutMs
        self.brokerExecutable = brokerExecutable
        self.extraProperties = extraProperties
        self.readinessTimeout = readinessTimeout
        self.clean = clean
    }

    /// Throws `.invalidSpec` with the first problem found.
    public func validate() throws {
        try Self.validateName(name)
        guard (1...64).contains(brokers) else { throw LabError.invalidSpec("--brokers must be 1...64, not \(brokers)") }
        guard basePort == 0 || (1024...(65535 - brokers + 1)).contains(basePort) else {
            throw LabError.invalidSpec("--base-port \(basePort) must be 0 or leave room for \(brokers) brokers "
                + "below 65536 (and be at least 1024)")
        }
        guard zookeeperPort == 0 || (1024...65535).contains(zookeeperPort) else {
            throw LabError.invalidSpec("--zookeeper-port must be 0 or 1024...65535, not \(zookeeperPort)")
        }
        if basePort != 0, zookeeperPort != 0, (basePort..<basePort + brokers).contains(zookeeperPort) {
            throw LabError.invalidSpec("ZooKeeper port \(zookeeperPort) collides with the broker ports")
        }
        guard (1000...600_000).contains(sessionTimeoutMs) else {
            throw LabError.invalidSpec("--session-timeout-ms must be 1000...600000, not \(sessionTimeoutMs)")
        }
        for (key, value) in extraProperties where key.isEmpty || (key + value).contains(where: \.isNewline) {
            throw LabError.invalidSpec("extra property \(key.debugDescription) must be a non-empty single line")
        }
    }

    /// Cluster names become a directory and a znode: letters, digits, '.', '_' and '-', at most 64.
    public static func validateName(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
        guard !name.isEmpty, name.count <= 64, allowed, name != ".", name != ".." else {
            throw LabError.invalidSpec("cluster name \(name.debugDescription) must be 1-64 letters, digits, '.', '_' "
                + "or '-'")
        }
    }
}
