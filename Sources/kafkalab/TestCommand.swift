import ArgumentParser
import Foundation
import Tester

/// `kafkalab test`: stamped producers, checking consumers, a verdict.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Prove what happened to records: lost, duplicated, reordered, corrupted, and how long they took.",
        discussion: """
            Exit status: 0 PASS, 1 FAIL, 2 could not run. See docs/tester.md.
            Example:
              kafkalab test run --bootstrap 127.0.0.1:9092 --topic T --producers 3 --consumers 3 --count 100000
            """,
        subcommands: [TestRunCommand.self, TestProduceCommand.self, TestConsumeCommand.self],
        defaultSubcommand: TestRunCommand.self)
}

struct TestRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Produce and check in one process (the common case).")

    @OptionGroup var flags: TestFlags

    func run() async throws {
        try await runTester {
            let options = try flags.options()
            printLine(
                "run id \(options.runId): \(options.producers) producers -> \(options.topic)"
                    + " -> \(options.consumers) consumers"
            )
            try flags.finish(try await TestRun(options: options, logger: testerLogger, output: printLine).run())
        }
    }
}

struct TestProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce", abstract: "Produce stamped records only; write the producer report for 'test consume'.")

    @OptionGroup var flags: TestFlags
    @Option(help: ArgumentHelp("Write the producer report (what was sent and acknowledged) here.", valueName: "file"))
    var producerReport: String?

    func run() async throws {
        try await runTester {
            let options = try flags.options()
            printLine("run id \(options.runId)")
            let (results, report) = try await TestRun(options: options, logger: testerLogger, output: printLine)
                .produceOnly()
            if let producerReport {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try encoder.encode(report).write(to: URL(fileURLWithPath: producerReport))
            }
            try flags.finish(results)
        }
    }
}

struct TestConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume", abstract: "Consume and check only; with a producer report, tail loss is caught too.")

    @OptionGroup var flags: TestFlags
    @Option(help: ArgumentHelp("The producer report written by 'test produce'.", valueName: "file"))
    var producerReport: String?
    @Option(help: "Stop after this many seconds without new records.") var idleTimeout: Double = 10

    func run() async throws {
        try await runTester {
            var report: ProducerReport?
            if let producerReport {
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: producerReport))
                    report = try JSONDecoder().decode(ProducerReport.self, from: data)
                } catch {
                    throw TesterError("cannot read producer report \(producerReport): \(error)")
                }
            }
            var options = try flags.options()
            if let report { options.runId = report.runId }
            let run = TestRun(options: options, logger: testerLogger, output: printLine)
            try flags.finish(try await run.consumeOnly(report: report, idleTimeout: idleTimeout))
        }
    }
}
