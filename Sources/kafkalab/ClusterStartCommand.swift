import ArgumentParser
import Lab

struct ClusterStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Bring a broker back: resume it if paused (SIGCONT), else start it again and wait until ready.",
        discussion: "It restarts with the same id, port, server.properties and data directory."
    )

    @OptionGroup var location: ClusterLocationOptions

    @Argument(help: "The broker id (see 'kafkalab cluster status').")
    var id: Int

    func run() async throws {
        try await location.load().start(broker: id, progress: printProgress)
    }
}
