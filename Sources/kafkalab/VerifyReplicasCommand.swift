import ArgumentParser
import Durability

/// `kafkalab verify-replicas`: Kafka's ReplicaVerificationTool, once.
struct VerifyReplicasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-replicas",
        abstract: "Check that every follower's log is identical to its leader's up to the high watermark.",
        discussion: """
            For each partition: reads the leader's log up to its high watermark, then every follower's as far, \
            with Fetch ReplicaId -2 (Kafka's debugging consumer, which a follower also answers), and compares \
            the batches byte for byte. Prints one line per partition: OK, or the first divergent offset per \
            replica. A replica outside the ISR may lag or hold a tail it is about to truncate: shown, not a failure.
            Exit status: 0 all consistent, 1 a divergence (or a partition without leader), 2 could not run.
            Example:
              kafkalab verify-replicas --bootstrap 127.0.0.1:9092 --topic 'orders|payments'
            """)

    @Option(help: "Broker list.") var bootstrap: String
    @Option(help: "Only topics whose whole name matches this regular expression (default: all).") var topic: String?
    @Option(help: "Seconds to wait for any one answer.") var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be above 0 and at most 600") }
        if let topic, (try? Regex(topic)) == nil {
            throw ValidationError("--topic \(topic.debugDescription) is not a valid regular expression")
        }
    }

    func run() async throws {
        let results: [PartitionConsistency]
        do {
            results = try await ReplicaVerifier(
                bootstrap: bootstrap, topicPattern: topic, timeout: .milliseconds(Int(timeout * 1000))
            ).verify()
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        for partition in results { printLine(partition.summary) }
        let bad = results.filter { !$0.isConsistent }.count
        printLine("\(results.count) partitions checked, \(bad) inconsistent")
        if bad > 0 { throw ExitCode(1) }
    }
}
