import ArgumentParser
import Lab

struct ClusterRemoveBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-broker",
        abstract: "Shrink the cluster by one broker: move its replicas away, then stop it and forget it.",
        discussion: """
            Every partition with a replica on the broker is reassigned (replication factor kept, replicas and \
            preferred leaders spread over the remaining brokers); the controller copies the data to the new \
            replicas before the old ones are dropped. Only when no replica is left on it is the broker stopped and \
            removed from cluster.json (its directory is kept). A broker that is not running can be removed too.
            """
    )

    @OptionGroup var location: ClusterLocationOptions

    @Argument(help: "The broker to remove.")
    var id: Int

    @Option(help: "How long to wait for the moves, in seconds.")
    var timeout: Int = 300

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        try await location.load().removeBroker(id: id, timeout: .seconds(timeout), progress: printProgress)
        print("Broker \(id) removed.")
    }
}
