import ArgumentParser
import Lab

struct ClusterAddBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-broker",
        abstract: "Grow the cluster by one broker (next id, next port) and wait until it is ready.",
        discussion: """
            The new broker joins empty: existing partitions stay where they are until reassigned; new topics \
            may use it.
            """
    )

    @OptionGroup var location: ClusterLocationOptions

    func run() async throws {
        let broker = try await location.load().addBroker(progress: printProgress)
        print("Broker \(broker.id) added on 127.0.0.1:\(broker.port).")
    }
}
