import ArgumentParser
import Lab

struct ClusterUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start ZooKeeper and N brokers, and wait until every broker is registered and listening.",
        discussion: """
            Broker <id> (ids 0..N-1) listens on 127.0.0.1:<base-port + id> and registers in ZooKeeper under \
            /kafkalab/<name>/brokers/ids/<id>. Use --base-port 0 / --zookeeper-port 0 to pick free ports, and \
            different --name values to run several clusters side by side (each gets its own ZooKeeper).
            """
    )

    @OptionGroup var location: ClusterLocationOptions

    @Option(help: "How many brokers to start (1-64).")
    var brokers: Int = 3

    @Option(help: "Port of broker 0; broker i gets base-port + i. 0 picks free ports.")
    var basePort: Int = 9092

    @Option(name: .customLong("zookeeper-port"), help: "ZooKeeper's client port. 0 picks a free port.")
    var zookeeperPort: Int = 2181

    @Option(help: """
        zookeeper.session.timeout.ms for the brokers: how long a crashed or paused broker still counts as alive.
        """)
    var sessionTimeoutMs: Int = 6000

    @Option(help: "Seconds each process may take to become ready.")
    var timeout: Int = 30

    @Option(name: .customLong("property"), parsing: .singleValue,
        help: ArgumentHelp("Extra server.properties line for every broker (repeatable).", valueName: "key=value"))
    var properties: [String] = []

    @Option(help: ArgumentHelp("The program to run as 'PROGRAM broker --config FILE' (default: this kafkalab).",
        visibility: .hidden))
    var brokerExecutable: String?

    @Flag(help: "Delete the cluster's directory (data and logs) before starting.")
    var clean = false

    func validate() throws {
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1...3600 seconds") }
        for property in properties where !property.contains("=") || property.hasPrefix("=") {
            throw ValidationError("--property \(property.debugDescription) must look like key=value")
        }
    }

    func run() async throws {
        var extra: [String: String] = [:]
        for property in properties {
            let parts = property.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            extra[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        var spec = ClusterSpec(name: location.name, brokers: brokers, basePort: basePort,
            zookeeperPort: zookeeperPort, directory: location.directory, sessionTimeoutMs: sessionTimeoutMs,
            extraProperties: extra, readinessTimeout: .seconds(timeout), clean: clean)
        if let brokerExecutable { spec.brokerExecutable = brokerExecutable }
        let cluster = try await LabCluster.up(spec, progress: printProgress)
        let state = await cluster.state
        let first = state.brokers.first.map { "127.0.0.1:\($0.port)" } ?? "127.0.0.1:9092"
        let flags = location.flags
        print("""

            Cluster '\(state.name)' is up: \(state.brokers.count) broker(s), ZooKeeper \(state.zookeeperConnect)
            Bootstrap servers: \(state.bootstrap)

            Try it with kcat:
              kcat -b \(first) -L                                   # brokers, topics, partition leaders
              echo "hello lab" | kcat -b \(first) -t demo -P        # produce (auto-creates 'demo')
              kcat -b \(first) -t demo -C -o beginning -e           # consume from the start, then exit
            Break it:
              kafkalab cluster kill \(state.brokers.last?.id ?? 0)\(flags) --signal KILL
              kafkalab cluster status\(flags)
            Stop it:
              kafkalab cluster down\(flags)
            """)
    }
}
