import ArgumentParser
import Foundation
import KafkaClient
import Logging
import Tester

/// Flags shared by `test run`, `test produce` and `test consume`.
struct TestFlags: ParsableArguments {
    @Option(help: "Bootstrap servers of the cluster to produce to (and consume from).") var bootstrap: String
    @Option(help: "Bootstrap servers to consume from instead (a mirror's destination).") var consumeBootstrap: String?
    @Option(help: "The topic.") var topic: String
    @Option(help: "Topic to consume from instead (a mirror may rename).") var consumeTopic: String?
    @Option(help: "Producers, each with its own client.") var producers = 1
    @Option(help: "Consumers.") var consumers = 1
    @Option(help: "group: consumers share one group; fanout: each consumer in its own group.")
    var consumerMode: TestOptions.ConsumerMode = .group
    @Option(help: "Consumer group (prefix in fan-out mode); default: a fresh group per run.") var group: String?
    @Option(help: "Records per second per producer (default: as fast as possible).") var rate: Double?
    @Option(help: "Seconds to produce for (default 10 when --count is absent).") var duration: Double?
    @Option(help: "Total records over all producers.") var count: UInt64?
    @Option(help: "Record value size in bytes (at least the 52-byte stamp).") var messageSize = 1024
    @Option(help: "Keys per producer (at least 17 x partitions).") var keys: Int?
    @Option(help: "Producer acks: 0, 1 or all.") var acks: String?
    @Flag(help: "Enable the idempotent producer.") var idempotence = false
    @Option(help: "Run id stamped into every record (default: random).") var runId: UInt64?
    @Option(help: "Seconds consumers may take, after producing ends, to receive every acknowledged record.")
    var drainTimeout: Double = 30
    @Option(help: "Record every second whose receive rate falls below this.") var alertBelow: Double?
    @Flag(help: "Do not fail the verdict on duplicates (expected with at-least-once and rebalances).")
    var allowDuplicates = false
    @Option(help: ArgumentHelp("Write the results JSON here.", valueName: "file")) var results: String?
    @Option(help: ArgumentHelp("librdkafka properties file for the consume side only.", valueName: "file"))
    var consumeClientConfig: String?
    @OptionGroup var client: ClientOptions

    func validate() throws {
        guard producers >= 1, consumers >= 1 else { throw ValidationError("--producers and --consumers must be >= 1") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        if let acks, !["0", "1", "all", "-1"].contains(acks) { throw ValidationError("--acks must be 0, 1 or all") }
        guard messageSize >= 0, messageSize <= 100_000_000 else { throw ValidationError("--message-size out of range") }
        if let keys, keys < 1 || keys >= 1 << 23 { throw ValidationError("--keys must be in 1..<8388608") }
    }

    func options() throws -> TestOptions {
        var produce = try client.config(bootstrap: bootstrap)
        if let acks { produce["acks"] = acks }
        if idempotence { produce["enable.idempotence"] = "true" }
        var consume = produce
        if let consumeClientConfig {
            consume = try ClientOptions(properties: [], clientConfig: consumeClientConfig)
                .config(bootstrap: consumeBootstrap ?? bootstrap)
        } else if let consumeBootstrap {
            consume["bootstrap.servers"] = consumeBootstrap
        }
        // Producer-only properties would make librdkafka warn on the consume side.
        for key in ["acks", "enable.idempotence", "linger.ms"] { consume[key] = nil }
        var options = TestOptions(
            produceConfig: produce, consumeConfig: consume, topic: topic,
            runId: runId ?? UInt64.random(in: 1...UInt64.max))
        options.consumeTopic = consumeTopic
        options.producers = producers
        options.consumers = consumers
        options.consumerMode = consumerMode
        options.group = group
        options.rate = rate
        options.duration = duration
        options.count = count
        options.messageSize = messageSize
        options.keys = keys
        options.drainTimeout = drainTimeout
        options.alertBelow = alertBelow
        options.failOnDuplicates = !allowDuplicates
        options.stop = InterruptHandler.stopOnInterrupt()
        return options
    }

    /// Prints the verdict, writes the results file, and exits 1 on FAIL.
    func finish(_ results: TestResults) throws {
        print(results.summary)
        if let path = self.results {
            do {
                try results.json().write(to: URL(fileURLWithPath: path))
            } catch {
                printError("cannot write results to \(path): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        if results.verdict != "PASS" { throw ExitCode(1) }
    }
}

extension ClientOptions {
    init(properties: [String], clientConfig: String?) {
        self.init()
        self.properties = properties
        self.clientConfig = clientConfig
    }
}

extension TestOptions.ConsumerMode: ExpressibleByArgument {}

/// Runs a tester phase, turning setup failures into exit status 2 (FAIL is 1).
func runTester(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as TesterError {
        printError("error: \(error)")
        throw ExitCode(2)
    } catch let error as KafkaError {
        printError("error: \(error)")
        throw ExitCode(2)
    }
}

let testerLogger = Logger(label: "kafkalab.test")

/// First Ctrl-C: stop producing, drain, and give the verdict. Second Ctrl-C: exit at once (status 130).
enum InterruptHandler {
    static func stopOnInterrupt() -> StopSignal {
        let stop = StopSignal()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue.global())
        source.setEventHandler {
            if stop.isTriggered { exit(130) }
            printError("interrupted: stopping producers, draining; Ctrl-C again to quit now")
            stop.trigger()
        }
        source.resume()
        // The source must live as long as the process: retain it once, deliberately never released.
        _ = Unmanaged.passRetained(source as AnyObject)
        return stop
    }
}
/// Live lines go straight to stdout, unbuffered, so they appear every second even through a pipe.
let printLine: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
