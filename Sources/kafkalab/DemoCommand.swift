import ArgumentParser
import Foundation
import Report

/// `kafkalab demo`: the whole story in one command. Two clusters, a mirror between them, the tester producing
/// into one and checking the other, faults on a schedule, a verdict and a self-contained HTML report.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run two clusters, a mirror and the tester; inject faults; print a verdict and write an HTML report.",
        discussion: """
            Starts a source and a destination cluster (3 brokers and a ZooKeeper each, free ports), a mirror as a \
            separate 'kafkalab mirror' process, and the tester producing into the source and checking on the \
            destination. Meanwhile it kills (kill -9) and restarts a source broker, a destination broker and the \
            mirror, adds partitions to a mirrored topic and creates a new one. Everything started is stopped at \
            the end, on errors and on Ctrl-C. Exit status: 0 PASS (no acknowledged record lost), 1 FAIL, 2 could \
            not run, 130 interrupted. See docs/demo.md.
            Examples:
              kafkalab demo
              kafkalab demo --duration 45s --dir /tmp/demo
              kafkalab demo --scenario mirrormaker-poc --stage-duration 10s
            """)

    enum Scenario: String, ExpressibleByArgument, CaseIterable {
        case faults
        case mirrormakerPoc = "mirrormaker-poc"
    }

    @Option(help: "faults (the default) or mirrormaker-poc.") var scenario: Scenario = .faults
    @Option(help: "How long the tester produces: 45, 45s, 2m, 1m30s.") var duration = "2m"
    @Option(help: "Directory for the clusters, logs, results and report (default: .lab/demo-<date-time>).")
    var dir: String?
    @Option(help: "Records per second the tester produces (faults scenario).") var rate: Double = 500
    @Option(help: "Record size in bytes (faults scenario; at least the 52-byte stamp).") var messageSize = 512
    @Option(help: "Brokers per cluster.") var brokers = 3
    @Option(help: "mirrormaker-poc: how long each rate stage lasts.") var stageDuration = "20s"
    @Flag(help: "Inject no faults: a baseline run.") var noFaults = false
    @Flag(help: "Delete the clusters' data and logs at the end (results and report stay).") var clean = false

    func validate() throws {
        do {
            _ = try DurationText.seconds(duration)
            _ = try DurationText.seconds(stageDuration)
            if scenario == .faults, !noFaults { _ = try FaultSchedule(duration: try DurationText.seconds(duration)) }
        } catch {
            throw ValidationError("\(error)")
        }
        guard (1...9).contains(brokers) else { throw ValidationError("--brokers must be 1...9") }
        guard rate > 0, rate <= 1_000_000 else { throw ValidationError("--rate must be in (0, 1000000]") }
        guard (52...1_000_000).contains(messageSize) else { throw ValidationError("--message-size must be 52...1000000") }
    }

    func run() async throws {
        let settings = try DemoSettings(command: self)
        try FileManager.default.createDirectory(atPath: settings.directory, withIntermediateDirectories: true)
        let environment = DemoEnvironment(directory: settings.directory, brokersPerCluster: brokers)
        let signals = DemoSignals(environment: environment)
        defer { signals.cancel() }
        let final: DemoFinal
        do {
            switch scenario {
            case .faults:
                final = try await DemoFaultRun(settings: settings, environment: environment, stop: signals.stop).run()
            case .mirrormakerPoc:
                final = try await DemoPOCRun(settings: settings, environment: environment, stop: signals.stop).run()
            }
        } catch {
            printError("demo could not run: \(error)")
            await environment.stopAll(clean: clean, progress: printLine)
            printLine("Everything the demo started is stopped. Logs: \(settings.directory)")
            throw ExitCode(2)
        }
        await environment.stopAll(clean: clean, progress: printLine)
        printLine("Everything the demo started is stopped.\n")
        printLine(final.text)
        // An interrupted run checked only part of what was planned: never report it as a plain PASS to a script.
        if signals.stop.isTriggered { throw ExitCode(130) }
        if !final.passed { throw ExitCode(1) }
    }
}

/// The demo's settings, resolved from the flags.
struct DemoSettings: Sendable {
    var directory: String
    var duration: Double
    var stageDuration: Double
    var rate: Double
    var messageSize: Int
    var faults: Bool

    init(command: DemoCommand) throws {
        let stamp = DemoSettings.timestamp()
        directory = URL(fileURLWithPath: command.dir ?? ".lab/demo-\(stamp)").standardizedFileURL.path
        duration = try DurationText.seconds(command.duration)
        stageDuration = try DurationText.seconds(command.stageDuration)
        rate = command.rate
        messageSize = command.messageSize
        faults = !command.noFaults
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}

/// What a scenario hands back: the verdict and the text printed after everything is stopped.
struct DemoFinal: Sendable {
    var passed: Bool
    var text: String
}
