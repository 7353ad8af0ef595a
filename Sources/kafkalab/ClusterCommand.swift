import ArgumentParser

// Placeholder: replaced by the real command.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cluster", abstract: "Not implemented yet.")
    func run() async throws { throw ValidationError("'cluster' is not implemented yet") }
}
