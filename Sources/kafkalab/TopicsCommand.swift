import ArgumentParser

// Placeholder: replaced by the real command.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "topics", abstract: "Not implemented yet.")
    func run() async throws { throw ValidationError("'topics' is not implemented yet") }
}
