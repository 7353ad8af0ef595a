import KafkaClient
import Mirror
import Testing

@Suite struct LedgerAndReportTests {
    func message(_ partition: Int32, _ offset: Int64, timestamp: Int64? = 1_000) -> KafkaMessage {
        KafkaMessage(
            topic: "t", partition: partition, offset: offset, key: [1, 2], value: [3, 4, 5], timestamp: timestamp,
            receivedMicros: 0)
    }

    func ack(_ tag: UInt64, appendTime: Int64? = nil) -> DeliveryReport {
        var report = DeliveryReport(tag: tag, partition: 0, offset: 0, latencyMicros: 0, errorCode: 0)
        report.timestamp = appendTime
        report.timestampIsLogAppendTime = appendTime != nil
        return report
    }

    @Test func commitsFollowAcknowledgementsPerPartition() {
        var ledger = DeliveryLedger(maxAttempts: 3)
        let a = ledger.register(message(0, 10), destinationTopic: "t")
        let b = ledger.register(message(0, 11), destinationTopic: "t")
        let c = ledger.register(message(1, 5), destinationTopic: "t")
        // Before any acknowledgement the commit may only restate where each partition starts.
        #expect(ledger.pendingCommits == [SourcePartition(topic: "t", partition: 0): 10, SourcePartition(topic: "t", partition: 1): 5])
        ledger.acknowledge(ack(b), nowMillis: 1_500)
        ledger.acknowledge(ack(c), nowMillis: 1_500)
        #expect(ledger.pendingCommits == [SourcePartition(topic: "t", partition: 0): 10, SourcePartition(topic: "t", partition: 1): 6])
        ledger.markCommitted(ledger.pendingCommits)
        #expect(ledger.pendingCommits.isEmpty)
        ledger.acknowledge(ack(a), nowMillis: 1_500)
        #expect(ledger.pendingCommits == [SourcePartition(topic: "t", partition: 0): 12])
        #expect(ledger.records == 3)
        #expect(ledger.bytes == 15)
        #expect(ledger.inFlight.isEmpty)
    }

    @Test func latencyUsesLogAppendTimeWhenReported() {
        var ledger = DeliveryLedger(maxAttempts: 1)
        let a = ledger.register(message(0, 0, timestamp: 1_000), destinationTopic: "t")
        let b = ledger.register(message(0, 1, timestamp: 1_000), destinationTopic: "t")
        let c = ledger.register(message(0, 2, timestamp: nil), destinationTopic: "t")
        ledger.acknowledge(ack(a, appendTime: 1_040), nowMillis: 9_999)
        ledger.acknowledge(ack(b), nowMillis: 1_300)
        ledger.acknowledge(ack(c), nowMillis: 1_300)
        let d = ledger.register(message(0, 3, timestamp: 5_000), destinationTopic: "t")
        ledger.acknowledge(ack(d, appendTime: 1_234), nowMillis: 5_010)
        let latency = ledger.takeIntervalLatency()
        #expect(latency.count == 3)
        #expect(latency.maxMillis == 300)
        #expect((40...42).contains(latency.percentile(0.5)))
        #expect(ledger.takeIntervalLatency().count == 0)
    }

    @Test func fetchLatencyRunsFromSourceTimestampToReceipt() {
        var ledger = DeliveryLedger(maxAttempts: 1)
        var early = message(0, 0, timestamp: 1_000)
        early.receivedMicros = 1_003_400  // 3.4 ms after the source timestamp: whole milliseconds, so 3
        var late = message(0, 1, timestamp: 2_000)
        late.receivedMicros = 2_012_000
        var unstamped = message(0, 2, timestamp: nil)
        unstamped.receivedMicros = 9_000_000
        for record in [early, late, unstamped] { _ = ledger.register(record, destinationTopic: "t") }
        #expect(ledger.fetchLatency.count == 2)
        #expect(ledger.fetchLatency.percentile(0.5) == 3)
        #expect(ledger.fetchLatency.maxMillis == 12)
        // Taking the interval's replication latency leaves the run's fetch latency alone.
        _ = ledger.takeIntervalLatency()
        #expect(ledger.fetchLatency.count == 2)
    }

    @Test func failuresRetryThenGiveUpWithoutCommitting() {
        var ledger = DeliveryLedger(maxAttempts: 2)
        let tag = ledger.register(message(0, 0), destinationTopic: "t")
        guard case .retry(let record) = ledger.fail(tag: tag) else {
            Issue.record("expected a retry")
            return
        }
        #expect(record.attempts == 2)
        guard case .giveUp = ledger.fail(tag: tag) else {
            Issue.record("expected giving up")
            return
        }
        #expect(ledger.pendingCommits == [SourcePartition(topic: "t", partition: 0): 0])
        let settledAgain = ledger.fail(tag: tag)
        let neverIssued = ledger.fail(tag: 12_345)
        let unknownAck = ledger.acknowledge(ack(999), nowMillis: 0)
        #expect(settledAgain == .unknown && neverIssued == .unknown && !unknownAck)
        #expect(ledger.retries == 1)
    }

    @Test func histogramPercentilesAreCloseAndBounded() {
        var histogram = LatencyHistogram()
        for value in Int64(1)...1_000 { histogram.record(millis: value) }
        histogram.record(millis: -5)
        let p50 = histogram.percentile(0.5)
        #expect(p50 >= 480 && p50 <= 530)
        #expect(histogram.percentile(1) == 1_000)
        #expect(histogram.percentile(0) == 0)
        #expect(LatencyHistogram().percentile(0.99) == 0)
        var huge = LatencyHistogram()
        huge.record(millis: Int64.max)
        #expect(huge.percentile(0.5) == Int64.max)
    }

    @Test func progressLinesNameLaggingPartitions() {
        let progress = MirrorProgress(
            elapsedSeconds: 2, records: 10, bytes: 2_048, recordsPerSecond: 5, bytesPerSecond: 1_024,
            partitions: [
                PartitionProgress(
                    partition: SourcePartition(topic: "t", partition: 0), committable: 5, highWatermark: 9,
                    inFlight: 1),
                PartitionProgress(
                    partition: SourcePartition(topic: "t", partition: 1), committable: 3, highWatermark: 3,
                    inFlight: 0),
                PartitionProgress(
                    partition: SourcePartition(topic: "t", partition: 2), committable: nil, highWatermark: 3,
                    inFlight: 0),
            ])
        #expect(progress.totalLag == 4)
        #expect(progress.liveLine.contains("lag 4 [t-0=4]"))
        #expect(progress.summary.contains("t-1\t3\t3\t0"))
        #expect(progress.summary.contains("t-2\t-\t3\t-"))
        #expect(progress.summary.contains("source to mirror ms: -"))
    }
}
