import ArgumentParser

// Placeholder: replaced by the real command.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consume", abstract: "Not implemented yet.")
    func run() async throws { throw ValidationError("'consume' is not implemented yet") }
}
