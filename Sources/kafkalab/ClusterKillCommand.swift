import ArgumentParser
import Lab

struct ClusterKillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill",
        abstract: "Send a signal to one broker: crash it (KILL), pause it (STOP) or shut it down (TERM).",
        discussion: """
            KILL is 'kill -9': no clean shutdown; the broker's ephemeral registration lingers until its \
            ZooKeeper session expires, then the controller moves its partition leaders.
            STOP freezes it (still holding its port and, until the timeout, its session): a slow or hung broker.
            TERM asks for a clean shutdown. Bring a broker back with 'kafkalab cluster start ID'.
            """
    )

    @OptionGroup var location: ClusterLocationOptions

    @Argument(help: "The broker id (see 'kafkalab cluster status').")
    var id: Int

    @Option(help: "KILL, STOP or TERM.")
    var signal: String = "KILL"

    func validate() throws {
        guard parsedSignal != nil, parsedSignal != .cont else {
            throw ValidationError("--signal must be KILL, STOP or TERM, not \(signal.debugDescription)")
        }
    }

    private var parsedSignal: LabSignal? {
        LabSignal(rawValue: signal.uppercased().replacingOccurrences(of: "SIG", with: ""))
    }

    func run() async throws {
        guard let labSignal = parsedSignal else { return }
        try await location.load().kill(broker: id, signal: labSignal)
        print("Sent SIG\(labSignal.rawValue) to broker \(id).")
    }
}
