import KafkaClient
import Logging
import Testing

@testable import Tester

/// `TesterProducer` runs its loop on a thread of its own; these check that the async API still honours the token
/// bucket, cancellation and the stop signal, and that the ledger it returns is exact.
@Suite(.serialized) struct TesterProducerTests {
    func makeProducer(_ cluster: MockKafkaCluster, topic: String, stats: LiveStats) throws -> TesterProducer {
        try TesterProducer(
            producerId: 0, runId: 42, config: KafkaConfig(bootstrapServers: cluster.bootstrapServers, ["log_level": "3"]),
            topic: topic, keyCount: 34, messageSize: 100, stats: stats, logger: Logger(label: "test"))
    }

    @Test func rateLimitedCountIsExactAndPaced() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        try cluster.createTopic("paced", partitions: 2)
        let stats = LiveStats()
        let producer = try makeProducer(cluster, topic: "paced", stats: stats)
        let clock = ContinuousClock()
        let start = clock.now
        let ledger = await producer.run(rate: 1_000, count: 300, until: nil)
        let elapsed = clock.now - start
        #expect(ledger.sent == 300 && ledger.acknowledged == 300 && ledger.failed == 0)
        // 300 records at 1000/s with a 10-record burst cannot take less than 0.29 s, however fast the machine.
        #expect(elapsed >= .milliseconds(280), "took \(elapsed)")
        #expect(stats.totals.sent == 300 && stats.totals.acknowledged == 300)
        let expectations = ledger.expectations()
        #expect(expectations.count == 34)
        #expect(expectations.values.allSatisfy { $0.unacknowledged.isEmpty })
    }

    @Test func cancellationStopsTheThreadAndReportsEverythingSent() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        try cluster.createTopic("cancelled", partitions: 2)
        let stats = LiveStats()
        let producer = try makeProducer(cluster, topic: "cancelled", stats: stats)
        let run = Task { await producer.run(rate: 5_000, count: nil, until: nil) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(30))
        while stats.totals.sent < 100, clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        run.cancel()
        let ledger = try await withTimeout(30) { await run.value }
        #expect(ledger.sent >= 100)
        #expect(ledger.acknowledged == ledger.sent)
    }

    @Test func stopSignalEndsARunWithoutCountOrDeadline() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        try cluster.createTopic("stopped", partitions: 1)
        let stats = LiveStats()
        let producer = try makeProducer(cluster, topic: "stopped", stats: stats)
        let stop = StopSignal()
        let run = Task { await producer.run(rate: nil, count: nil, until: nil, stop: stop) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(30))
        while stats.totals.sent < 1_000, clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        stop.trigger()
        let ledger = try await withTimeout(60) { await run.value }
        #expect(ledger.sent >= 1_000)
        #expect(ledger.acknowledged + ledger.failed == ledger.sent)
    }

    @Test func deadlineEndsAWaitOnAQueueThatStaysFull() async throws {
        // Nothing listens on port 1: the 10-record queue fills at once and stays full until messages time out
        // (3 s). The deadline (0.5 s) must end the wait, leaving the rest of the batch unsent.
        let stats = LiveStats()
        let config = KafkaConfig(
            bootstrapServers: "127.0.0.1:1",
            ["log_level": "0", "queue.buffering.max.messages": "10", "message.timeout.ms": "3000"])
        let producer = try TesterProducer(
            producerId: 0, runId: 7, config: config, topic: "nowhere", keyCount: 17, messageSize: 60, stats: stats,
            logger: Logger(label: "test"))
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(500))
        let ledger = try await withTimeout(60) { await producer.run(rate: nil, count: nil, until: deadline) }
        #expect(ledger.sent == 11, "10 queued and the one that met the full queue")
        #expect(ledger.acknowledged == 0 && ledger.failed == ledger.sent)
        #expect(stats.totals.sent == ledger.sent)
    }
}

private struct TimedOut: Error {}

/// Runs `body`, failing with `TimedOut` if it takes longer than `seconds`.
private func withTimeout<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut() }
        return first
    }
}
