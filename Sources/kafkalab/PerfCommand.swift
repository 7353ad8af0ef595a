import ArgumentParser

// Placeholder: replaced by the real command.
struct PerfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "perf", abstract: "Not implemented yet.")
    func run() async throws { throw ValidationError("'perf' is not implemented yet") }
}
