import ArgumentParser
import Lab

struct ClusterDownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the cluster's brokers, then its ZooKeeper (SIGTERM, then SIGKILL after --timeout).",
        discussion: "Data and logs stay in the cluster directory, so a later 'up' continues from them, unless --clean."
    )

    @OptionGroup var location: ClusterLocationOptions

    @Flag(help: "Also delete the cluster's directory: data, logs, cluster.json.")
    var clean = false

    @Option(help: "Seconds to wait after SIGTERM before SIGKILL.")
    var timeout: Int = 10

    func run() async throws {
        let cluster = try location.load()
        try await cluster.down(clean: clean, timeout: .seconds(max(1, timeout)), progress: printProgress)
        print("Cluster '\(location.name)' is down." + (clean ? " Its directory was removed." : ""))
    }
}
