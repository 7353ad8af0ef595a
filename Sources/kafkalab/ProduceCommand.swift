import ArgumentParser

// Placeholder: replaced by the real command.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "produce", abstract: "Not implemented yet.")
    func run() async throws { throw ValidationError("'produce' is not implemented yet") }
}
