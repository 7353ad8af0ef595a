import ArgumentParser

// Placeholder: replaced by the real command.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Not implemented yet.")
    func run() async throws { throw ValidationError("'test' is not implemented yet") }
}
