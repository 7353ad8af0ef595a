import ArgumentParser

// Placeholder: replaced by the real command.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "broker", abstract: "Not implemented yet.")
    func run() async throws { throw ValidationError("'broker' is not implemented yet") }
}
