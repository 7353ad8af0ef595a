import KafkaClient
import Logging
import Synchronization
import Testing

@testable import Tester

/// End-to-end tester runs against librdkafka's in-process mock cluster.
@Suite(.serialized) struct TestRunTests {
    func options(_ cluster: MockKafkaCluster, topic: String) -> TestOptions {
        var options = TestOptions(
            produceConfig: KafkaConfig(bootstrapServers: cluster.bootstrapServers, ["log_level": "3"]), topic: topic,
            runId: UInt64.random(in: 1...UInt64.max))
        options.drainTimeout = 20
        options.messageSize = 200
        return options
    }

    @Test func competingConsumersSeeEveryRecordOnceAndPass() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("tester-group", partitions: 4, replicationFactor: 3)
        var options = options(cluster, topic: "tester-group")
        options.producers = 3
        options.consumers = 3
        options.count = 3_000
        // The mock coordinator holds a rebalance (and blocks the members' connections) for up to the session
        // timeout when a member is late to join or sync, which a loaded machine makes likely; at librdkafka's 45 s
        // default the consumers' 60 s socket timeout fired first and the run drained with nothing received.
        options.consumeConfig = KafkaConfig(
            bootstrapServers: cluster.bootstrapServers,
            ["log_level": "3", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500"])
        options.drainTimeout = 45
        let lines = Mutex<[String]>([])
        let results = try await TestRun(options: options, logger: Logger(label: "test")) { line in
            lines.withLock { $0.append(line) }
        }.run()
        #expect(results.verdict == "PASS", "\(results.summary)")
        #expect(results.sent == 3_000 && results.acknowledged == 3_000)
        #expect(results.counts.inOrder == 3_000)
        #expect(results.counts.anomalies == 0)
        #expect(results.aggregatedEndToEndLatency50pct > 0)
        #expect(!lines.withLock { $0.isEmpty })
        #expect(try results.json().count > 100)
    }

    @Test func fanOutConsumersEachCheckEverything() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("tester-fanout", partitions: 2)
        var options = options(cluster, topic: "tester-fanout")
        options.consumers = 2
        options.consumerMode = .fanout
        options.count = 500
        options.rate = 2_000
        let results = try await TestRun(options: options, logger: Logger(label: "test")) { _ in }.run()
        #expect(results.verdict == "PASS", "\(results.summary)")
        #expect(results.countsPerChecker.count == 2)
        #expect(results.countsPerChecker.allSatisfy { $0.inOrder == 500 })
    }

    @Test func separateProduceAndConsumeCatchTailLoss() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("tester-split", partitions: 2)
        var options = options(cluster, topic: "tester-split")
        options.count = 400
        let run = TestRun(options: options, logger: Logger(label: "test")) { _ in }
        let (produced, report) = try await run.produceOnly()
        #expect(produced.verdict == "PASS")
        #expect(report.streams.count == 34)

        let clean = try await run.consumeOnly(report: report, idleTimeout: 10)
        #expect(clean.verdict == "PASS", "\(clean.summary)")
        #expect(clean.counts.inOrder == 400)

        // A producer claiming two more acknowledged records than the topic holds: both are lost at the tail.
        var inflated = report
        inflated.streams[0].expectation.sent += 2
        let failing = try await run.consumeOnly(report: inflated, idleTimeout: 3)
        #expect(failing.verdict == "FAIL")
        #expect(failing.counts.lost == 2)
        #expect(failing.counts.lostAtTail == 2)
    }

    @Test func missingTopicIsAClearError() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        var options = options(cluster, topic: "")
        options.count = 1
        await #expect(throws: (any Error).self) {
            _ = try await TestRun(options: options, logger: Logger(label: "test")) { _ in }.run()
        }
    }
}
