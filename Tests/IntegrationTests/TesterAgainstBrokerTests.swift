import Foundation
import KafkaClient
import Logging
import Synchronization
import Testing

@testable import Tester

/// The tester against the real KafkaLab broker (one broker process, real ZooKeeper): a clean run must PASS with
/// exact counts, and records deleted on purpose must show up as exactly that many lost.
extension IntegrationSuite {
    @Suite struct TesterAgainstBrokerTests {
        static let properties: [String: String] = [
            "group.initial.rebalance.delay.ms": "0",
            // One broker: a small offsets topic keeps the first group join quick.
            "offsets.topic.num.partitions": "4",
        ]

        static func clientConfig(_ port: Int) -> KafkaConfig {
            KafkaConfig(bootstrapServers: "127.0.0.1:\(port)", ["log_level": "3"])
        }

        /// Creates `topic` through librdkafka's Admin API (as any client would) and waits for its leaders.
        static func createTopic(_ topic: String, partitions: Int32, port: Int) async throws {
            let admin = try KafkaAdmin(config: clientConfig(port), timeoutMillis: 15_000)
            try await admin.createTopics([NewTopic(name: topic, partitions: partitions, replicationFactor: 1)])
            try await WireAdmin.waitForLeaders(port: port, topic: topic, partitions: Int(partitions))
        }

        @Test(.timeLimit(.minutes(2)))
        func competingProducersAndConsumersPassWithExactCounts() async throws {
            try await withCluster("tester-pass", properties: Self.properties) { cluster in
                let port = try await cluster.port()
                try await Self.createTopic("checked", partitions: 6, port: port)

                var options = TestOptions(
                    produceConfig: Self.clientConfig(port).merging(["acks": "all"]),
                    consumeConfig: Self.clientConfig(port), topic: "checked",
                    runId: UInt64.random(in: 1...UInt64.max))
                options.producers = 3
                options.consumers = 3
                options.consumerMode = .group
                options.count = 6_000
                options.messageSize = 200
                options.drainTimeout = 30
                let lines = Mutex<[String]>([])
                let results = try await TestRun(options: options, logger: Logger(label: "it.tester")) { line in
                    lines.withLock { $0.append(line) }
                }.run()

                let context = "\(results.summary)\nlive:\n\(lines.withLock { $0.joined(separator: "\n") })"
                #expect(results.verdict == "PASS", "\(context)")
                #expect(results.sent == 6_000, "\(context)")
                #expect(results.acknowledged == 6_000, "\(context)")
                #expect(results.failed == 0)
                #expect(results.counts.received == results.acknowledged, "\(context)")
                #expect(results.counts.inOrder == 6_000)
                #expect(results.counts.lost == 0)
                #expect(results.counts.duplicate == 0)
                #expect(results.counts.old == 0)
                #expect(results.counts.corrupt == 0)
                #expect(results.counts.foreign == 0)
                #expect(results.skippedPreexisting == 0)

                // The broker holds exactly what was acknowledged, spread over every partition.
                let admin = try KafkaAdmin(config: Self.clientConfig(port), timeoutMillis: 15_000)
                let offsets = try await admin.listOffsets(topic: "checked")
                #expect(offsets.count == 6)
                #expect(offsets.reduce(0) { $0 + $1.high } == 6_000)
                #expect(offsets.allSatisfy { $0.low == 0 && $0.high > 0 }, "\(offsets)")
            }
        }

        @Test(.timeLimit(.minutes(2)))
        func recordsDeletedOnPurposeAreCountedAsLostExactly() async throws {
            try await withCluster("tester-loss", properties: Self.properties) { cluster in
                let port = try await cluster.port()
                let topic = "trimmed"
                try await Self.createTopic(topic, partitions: 3, port: port)
                let work = cluster.directory
                let bootstrap = "127.0.0.1:\(port)"
                let common = [
                    "--bootstrap", bootstrap, "--topic", topic, "--message-size", "150", "-X", "log_level=3",
                ]

                let produced = try await KafkalabRun.run(
                    ["test", "produce"] + common + [
                        "--producers", "3", "--count", "3000", "--acks", "all",
                        "--producer-report", "\(work)/sent.json", "--results", "\(work)/produced.json",
                    ], in: work, name: "produce")
                #expect(produced.status == 0, "\(produced.output)")
                let produceResults = try KafkalabRun.results("\(work)/produced.json")
                #expect(produceResults.verdict == "PASS")
                #expect(produceResults.acknowledged == 3_000 && produceResults.failed == 0)

                // Delete the first k records of partition 1: all acknowledged, so exactly k must be reported lost.
                let admin = try KafkaAdmin(config: Self.clientConfig(port), timeoutMillis: 15_000)
                let before = try await admin.listOffsets(topic: topic)
                #expect(before.reduce(0) { $0 + $1.high } == 3_000, "\(before)")
                let high = try #require(before.first { $0.partition == 1 }?.high)
                try #require(high > 10, "partition 1 got only \(high) records: \(before)")
                let deleteBelow = high / 2
                let lowWatermarks = try await admin.deleteRecords(
                    before: [TopicPartitionOffset(topic: topic, partition: 1, offset: deleteBelow)])
                #expect(lowWatermarks == [TopicPartitionOffset(topic: topic, partition: 1, offset: deleteBelow)])
                let after = try await admin.listOffsets(topic: topic)
                #expect(after.first { $0.partition == 1 }?.low == deleteBelow, "\(after)")
                #expect(after.filter { $0.partition != 1 }.allSatisfy { $0.low == 0 }, "\(after)")

                let consumed = try await KafkalabRun.run(
                    ["test", "consume"] + common + [
                        "--consumers", "2", "--idle-timeout", "3", "--producer-report", "\(work)/sent.json",
                        "--results", "\(work)/consumed.json",
                    ], in: work, name: "consume")
                #expect(consumed.status == 1, "FAIL must exit 1:\n\(consumed.output)")
                let results = try KafkalabRun.results("\(work)/consumed.json")
                #expect(results.verdict == "FAIL", "\(results.summary)")
                #expect(results.counts.lost == UInt64(deleteBelow), "\(results.summary)")
                #expect(results.counts.received == 3_000 - UInt64(deleteBelow), "\(results.summary)")
                #expect(results.counts.inOrder == 3_000 - UInt64(deleteBelow))
                #expect(results.counts.duplicate == 0 && results.counts.old == 0 && results.counts.corrupt == 0)
                #expect(results.counts.unacknowledgedMissing == 0)
                #expect(results.reasons.contains { $0.contains("\(deleteBelow) acknowledged records lost") })
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func deleteRecordsRejectsBadRequestsWithTypedErrors() async throws {
            try await withCluster("tester-delete", properties: Self.properties) { cluster in
                let port = try await cluster.port()
                try await Self.createTopic("small", partitions: 1, port: port)
                let producer = try KafkaProducer(config: Self.clientConfig(port))
                for index in 0..<5 { try await producer.send(topic: "small", partition: 0, value: [UInt8(index)]) }
                await producer.close()
                let admin = try KafkaAdmin(config: Self.clientConfig(port), timeoutMillis: 10_000)

                // Beyond the high watermark, an unknown partition, a meaningless logical offset: errors, no change.
                await #expect(throws: KafkaError.self) {
                    try await admin.deleteRecords(before: [TopicPartitionOffset(topic: "small", partition: 0, offset: 99)])
                }
                await #expect(throws: KafkaError.self) {
                    try await admin.deleteRecords(before: [TopicPartitionOffset(topic: "small", partition: 7, offset: 1)])
                }
                await #expect(throws: KafkaError.self) {
                    try await admin.deleteRecords(before: [TopicPartitionOffset(topic: "small", partition: 0, offset: -7)])
                }
                #expect(try await admin.listOffsets(topic: "small").first?.low == 0)
                #expect(try await admin.deleteRecords(before: []).isEmpty)

                // "end" deletes everything up to the high watermark.
                let low = try await admin.deleteRecords(
                    before: [TopicPartitionOffset(topic: "small", partition: 0, offset: TopicPartitionOffset.end)])
                #expect(low.first?.offset == 5)
                #expect(try await admin.listOffsets(topic: "small").first.map { [$0.low, $0.high] } == [5, 5])
            }
        }
    }
}

/// `kafkalab` as a child process, for the CLI's exit status and results file.
enum KafkalabRun {
    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    /// Runs `kafkalab arguments`, output to `<directory>/<name>.out`; kills it after `timeout`.
    static func run(
        _ arguments: [String], in directory: String, name: String, timeout: Duration = .seconds(60)
    ) async throws -> Outcome {
        let executable = try KafkalabExecutable.path()
        let outputPath = "\(directory)/\(name).out"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: outputPath])
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        // A hung child must not hang the suite: SIGTERM it after `timeout` (the tester still prints a verdict).
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(status: status, output: "kafkalab \(arguments.joined(separator: " ")) -> \(status)\n\(text)")
    }

    static func results(_ path: String) throws -> TestResults {
        try JSONDecoder().decode(TestResults.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
