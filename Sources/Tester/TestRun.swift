import KafkaClient
import Logging

/// A tester run: producers and checking consumers in one process (`run`), or either side alone.
public struct TestRun: Sendable {
    public let options: TestOptions
    let logger: Logger
    let output: @Sendable (String) -> Void

    public init(options: TestOptions, logger: Logger, output: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.logger = logger
        self.output = output
    }

    var consumeTopic: String { options.consumeTopic ?? options.topic }

    /// Produces and checks in one process; the common case.
    public func run() async throws -> TestResults {
        let partitions = try await partitionCount(config: options.produceConfig, topic: options.topic)
        let stats = LiveStats()
        let checkers = makeCheckers(runIds: [options.runId])
        let consumers = try await startConsumers(checkers: checkers, stats: stats)
        let reporter = LiveReporter(
            stats: stats, groups: checkers.count, alertBelow: options.alertBelow, output: output)
        let reporting = Task { await reporter.run() }

        let production = try await produce(partitions: partitions, stats: stats)
        reporter.producing.store(false, ordering: .relaxed)
        let expectations = production.expectations
        await drain(checkers: checkers, expectations: expectations)
        for (consumer, task) in consumers {
            await consumer.stop()
            await task.value
        }
        reporting.cancel()
        reporter.tick()
        return results(
            checkers: checkers, expectations: expectations, stats: stats, reporter: reporter,
            elapsed: production.elapsed, producedSomething: production.sent > 0)
    }

    /// Produces only, and returns the report a separate `consume` needs to check loss at the tail.
    public func produceOnly() async throws -> (TestResults, ProducerReport) {
        let partitions = try await partitionCount(config: options.produceConfig, topic: options.topic)
        let stats = LiveStats()
        let reporter = LiveReporter(stats: stats, groups: 0, alertBelow: nil, output: output)
        let reporting = Task { await reporter.run() }
        let production = try await produce(partitions: partitions, stats: stats)
        reporting.cancel()
        reporter.tick()
        let report = ProducerReport(runId: options.runId, topic: options.topic, expectations: production.expectations)
        let results = results(
            checkers: [], expectations: production.expectations, stats: stats, reporter: reporter,
            elapsed: production.elapsed, producedSomething: production.sent > 0)
        return (results, report)
    }

    /// Consumes and checks only. With a producer report, every acknowledged record must arrive and the run ends
    /// when they all did (or `drainTimeout` after `idleTimeout`); without one, it ends after `idleTimeout` seconds
    /// without new records and checks gaps only.
    public func consumeOnly(report: ProducerReport?, idleTimeout: Double) async throws -> TestResults {
        _ = try await partitionCount(config: options.consumeConfig, topic: consumeTopic)
        let stats = LiveStats()
        let checkers = makeCheckers(runIds: report.map { [$0.runId] })
        let consumers = try await startConsumers(checkers: checkers, stats: stats, skipPreexisting: false)
        let reporter = LiveReporter(
            stats: stats, groups: checkers.count, alertBelow: options.alertBelow, output: output)
        let reporting = Task { await reporter.run() }
        let clock = ContinuousClock()
        let start = clock.now
        var lastReceived: UInt64 = 0
        var lastProgress = clock.now
        while clock.now - lastProgress < .seconds(idleTimeout), options.stop?.isTriggered != true {
            try? await Task.sleep(for: .milliseconds(200))
            if let expectations = report?.expectations,
                checkers.allSatisfy({ $0.snapshot.isComplete(expectations: expectations) })
            {
                break
            }
            let received = stats.totals.received
            if received != lastReceived {
                lastReceived = received
                lastProgress = clock.now
            }
        }
        for (consumer, task) in consumers {
            await consumer.stop()
            await task.value
        }
        reporting.cancel()
        reporter.tick()
        return results(
            checkers: checkers, expectations: report?.expectations, stats: stats, reporter: reporter,
            elapsed: (clock.now - start).seconds,
            producedSomething: stats.totals.received > 0 || report?.streams.contains { $0.expectation.sent > 0 } == true
        )
    }

    private func makeCheckers(runIds: Set<UInt64>?) -> [SharedChecker] {
        let count = options.consumerMode == .group ? 1 : max(options.consumers, 1)
        return (0..<count).map { _ in SharedChecker(runIds: runIds) }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
