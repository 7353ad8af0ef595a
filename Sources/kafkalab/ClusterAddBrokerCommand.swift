import ArgumentParser
import Lab

struct ClusterAddBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-broker",
        abstract: "Grow the cluster by one broker (next id, next port) and wait until it is ready.",
        discussion: """
            The new broker joins empty: existing partitions stay where they are until reassigned; new topics \
            may use it. With --rebalance, replicas move onto it from the busiest brokers (one per partition, in \
            their slot) until it holds its share of replicas and preferred leaderships; the data is copied \
            before the old replicas are dropped.
            """
    )

    @OptionGroup var location: ClusterLocationOptions

    @Flag(help: "Move a fair share of the existing replicas onto the new broker.")
    var rebalance = false

    @Option(help: "How long to wait for the --rebalance moves, in seconds.")
    var timeout: Int = 300

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        let cluster = try location.load()
        let broker = try await cluster.addBroker(progress: printProgress)
        print("Broker \(broker.id) added on 127.0.0.1:\(broker.port).")
        if rebalance {
            let moved = try await cluster.rebalance(
                onto: broker.id, timeout: .seconds(timeout), progress: printProgress)
            print("\(moved) partition(s) rebalanced onto broker \(broker.id).")
        }
    }
}
