import Testing

@testable import Tester

@Suite struct PerfStatsTests {
    @Test func finalLineHasKafkaProducerPerfTestShape() {
        var stats = PerfStats(nowNanos: 0)
        for latency in 1...1000 { stats.record(latencyMicros: Int64(latency) * 1000, bytes: 100) }
        let line = stats.finalLine(nowNanos: 2_000_000_000)
        #expect(
            line
                == "1000 records sent, 500.000000 records/sec (0.05 MB/sec), 500.50 ms avg latency, "
                + "1000.45 ms max latency, 500 ms 50th, 950 ms 95th, 990 ms 99th, 999 ms 99.9th.")
    }

    @Test func windowLinesComeOnlyAfterTheInterval() {
        var stats = PerfStats(nowNanos: 0)
        stats.record(latencyMicros: 2_000, bytes: 10)
        #expect(stats.windowLine(nowNanos: 1_000_000_000) == nil)
        let line = stats.windowLine(nowNanos: 5_000_000_000)
        #expect(line?.hasPrefix("1 records sent, 0.2 records/sec") == true)
        #expect(stats.windowLine(nowNanos: 11_000_000_000) == nil)
    }

    @Test func consumerSummaryRowHasTenColumns() {
        let summary = ConsumerPerfSummary(
            startMillis: 0, endMillis: 2_000, bytes: 1_048_576, messages: 1_000, rebalanceMillis: 1_000)
        #expect(summary.row.split(separator: ",").count == 10)
        #expect(ConsumerPerfSummary.header.split(separator: ",").count == 10)
        #expect(summary.row.hasSuffix("1.0000, 1000.0000"))
    }
}
