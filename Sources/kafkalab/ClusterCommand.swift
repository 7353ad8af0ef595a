import ArgumentParser
import Lab

/// `kafkalab cluster ...`: start, inspect, break and stop local lab clusters.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run a local Kafka lab cluster: one ZooKeeper server and N brokers, each a separate process.",
        discussion: """
            Every cluster lives in <dir>/<name>/ (default ./.lab/lab): ZooKeeper's config, data and log in \
            zookeeper/, each broker's server.properties, data and broker.log in broker-<id>/, and cluster.json \
            with the pids and ports, so later commands find the processes again. Processes keep running after \
            the command returns; stop them with 'kafkalab cluster down'.

            A typical session:
              kafkalab cluster up --brokers 3           # brokers 0-2 on 9092-9094
              kafkalab cluster kill 1 --signal KILL     # crash broker 1
              kafkalab cluster status                   # alive? controller? partitions healthy?
              kafkalab cluster start 1                  # bring it back
              kafkalab cluster add-broker --rebalance   # broker 3 joins, takes its share
              kafkalab cluster remove-broker 0          # its replicas move away, then it stops
              kafkalab cluster down --clean             # stop, delete data
            """,
        subcommands: [
            ClusterUpCommand.self, ClusterDownCommand.self, ClusterStatusCommand.self, ClusterKillCommand.self,
            ClusterStartCommand.self, ClusterAddBrokerCommand.self, ClusterRemoveBrokerCommand.self,
        ]
    )
}

/// The options that say which cluster a command is about.
struct ClusterLocationOptions: ParsableArguments {
    @Option(name: .long,
        help: "The cluster's name: its directory under --dir and its ZooKeeper chroot /kafkalab/<name>.")
    var name: String = "lab"

    @Option(name: .customLong("dir"), help: "The directory that holds the lab's clusters.")
    var directory: String = ".lab"

    /// "--name x --dir y" when not the defaults, for the hints printed to the user.
    var flags: String {
        (name == "lab" ? "" : " --name \(name)") + (directory == ".lab" ? "" : " --dir \(directory)")
    }

    func load() throws -> LabCluster {
        try LabCluster.load(name: name, directory: directory)
    }
}

/// Progress lines go to standard output as they happen.
@Sendable func printProgress(_ line: String) {
    print(line)
}
