import ArgumentParser
import Durability
import Foundation
import Lab

/// `kafkalab durability`: the replicated-cluster durability proof (docs/replication.md, "Durability").
struct DurabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "durability",
        abstract: "Kill or pause random brokers under steady load, then prove nothing acknowledged was lost.",
        discussion: """
            Starts its own lab cluster (free ports, files under --dir), creates a replicated topic, runs stamped \
            producers (acks=all with idempotence, or acks=1), and injects --faults faults one after another: a \
            random broker gets kill -9 (restarted once failed over) or SIGSTOP (resumed after 0.5-1.5 session \
            timeouts); each time the run waits (up to 60 s) until every partition has its full ISR again; if that \
            does not happen it prints what is out of sync and each broker's last log lines, and injects no more \
            faults (the verdict then fails). Then it checks that \
            every replica is identical to its leader up to the high watermark, reads every record back with the \
            tester's checker, recounts the topic from its log ends (with acks=all it must hold at least what was \
            acknowledged), and prints a verdict with failover times (kill -9 of a leader to the first \
            acknowledged acks=all produce on its partition; target: session timeout + 1 s, held by every leader \
            kill).
            With --acks 1, loss and duplicates are reported, not failures. Ctrl-C stops injecting faults; the run \
            still drains, checks and stops its cluster (a second Ctrl-C quits at once and leaves the cluster \
            running: kafkalab cluster down --name durability --dir DIR).
            Exit status: 0 PASS, 1 FAIL, 2 could not run.
            Example (the long run in the README):
              kafkalab durability --faults 100 --fault kill --acks all
            """)

    @Option(help: "Faults to inject.") var faults = 20
    @Option(help: "kill (kill -9 and restart) or stop (SIGSTOP and SIGCONT).") var fault = "kill"
    @Option(help: "all (with idempotence) or 1.") var acks = "all"
    @Option(help: "Brokers in the cluster.") var brokers = 3
    @Option(help: "Partitions of the topic.") var partitions = 3
    @Option(help: "Replication factor of the topic.") var replicationFactor = 3
    @Option(help: "min.insync.replicas of the topic.") var minInsyncReplicas = 2
    @Option(help: "Producers.") var producers = 2
    @Option(help: "Records per second per producer.") var rate: Double = 200
    @Option(help: "Record size in bytes.") var messageSize = 256
    @Option(help: "zookeeper.session.timeout.ms of the brokers.") var sessionTimeoutMs = 3000
    @Option(help: "Parent directory of the cluster's files.") var dir = "/tmp/kafkalab-durability"
    @Option(help: "Seed for the choice of victims and pause lengths (printed; replays a run).") var seed: UInt64?
    @Flag(help: "Keep the cluster's files (broker logs, data) afterwards.") var keep = false
    @Option(help: .hidden) var brokerExecutable: String?
    @Option(help: .hidden) var clientLogLevel = 2

    func validate() throws {
        _ = try settings()
    }

    private func settings() throws -> DurabilitySettings {
        guard let fault = DurabilitySettings.Fault(rawValue: fault.lowercased()) else {
            throw ValidationError("--fault must be kill or stop, not \(fault.debugDescription)")
        }
        guard let acks = DurabilitySettings.Acks(rawValue: acks.lowercased()) else {
            throw ValidationError("--acks must be all or 1, not \(acks.debugDescription)")
        }
        var settings = DurabilitySettings(directory: dir)
        settings.faults = faults
        settings.fault = fault
        settings.acks = acks
        settings.brokers = brokers
        settings.partitions = partitions
        settings.replicationFactor = replicationFactor
        settings.minInsyncReplicas = minInsyncReplicas
        settings.producers = producers
        settings.rate = rate
        settings.messageSize = messageSize
        settings.sessionTimeoutMs = sessionTimeoutMs
        settings.keep = keep
        if let seed { settings.seed = seed }
        if let brokerExecutable { settings.brokerExecutable = brokerExecutable }
        settings.clientLogLevel = clientLogLevel
        do {
            try settings.validate()
        } catch let error as DurabilityError {
            throw ValidationError(error.description)
        }
        return settings
    }

    func run() async throws {
        let report: DurabilityReport
        do {
            var settings = try settings()
            // Ctrl-C ends the fault loop; the run then drains, checks, and stops its cluster.
            settings.stop = InterruptHandler.stopOnInterrupt()
            report = try await DurabilityRun(settings: settings, output: printLine).run()
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        for line in report.lines { printLine(line) }
        if !report.passed { throw ExitCode(1) }
    }
}
