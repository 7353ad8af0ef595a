import Foundation

/// One second of a run, as the live line shows it.
public struct IntervalSample: Sendable, Codable, Equatable {
    public var second: Int
    public var sent: UInt64
    public var acknowledged: UInt64
    public var received: UInt64
    public var backlog: Int64
    public var publishLatency: LatencySummary
    public var endToEndLatency: LatencySummary
}

/// The results file: all counts, rates and percentiles, overall and per second. Rate and latency names follow
/// OpenMessaging Benchmark's result files (latencies in milliseconds).
public struct TestResults: Sendable, Codable {
    public var verdict: String
    public var reasons: [String]
    public var runId: UInt64
    public var topic: String
    public var producers: Int
    public var consumers: Int
    public var consumerMode: String
    public var messageSize: Int
    public var targetRatePerProducer: Double?
    public var elapsedSeconds: Double
    public var sent: UInt64
    public var acknowledged: UInt64
    public var failed: UInt64
    /// The failed records by librdkafka's error name; nil in results files written before it was kept.
    public var failuresByError: [String: UInt64]? = nil
    /// Each producer's fatal error (what made librdkafka fail all its later records), as librdkafka states it.
    public var producerFatalErrors: [String]? = nil
    public var received: UInt64
    public var skippedPreexisting: UInt64
    /// Totals over every checker (fan-out consumers each check every record).
    public var counts: CheckCounts
    public var countsPerChecker: [CheckCounts]
    public var belowTargetRate: Bool
    public var alerts: [Int]

    public var aggregatedPublishRate: Double
    public var aggregatedConsumeRate: Double
    public var aggregatedPublishLatencyAvg: Double
    public var aggregatedPublishLatency50pct: Double
    public var aggregatedPublishLatency90pct: Double
    public var aggregatedPublishLatency99pct: Double
    public var aggregatedPublishLatency999pct: Double
    public var aggregatedPublishLatencyMax: Double
    public var aggregatedEndToEndLatencyAvg: Double
    public var aggregatedEndToEndLatency50pct: Double
    public var aggregatedEndToEndLatency90pct: Double
    public var aggregatedEndToEndLatency99pct: Double
    public var aggregatedEndToEndLatency999pct: Double
    public var aggregatedEndToEndLatencyMax: Double

    public var publishRate: [Double]
    public var consumeRate: [Double]
    public var backlog: [Int64]
    public var publishLatency50pct: [Double]
    public var publishLatency99pct: [Double]
    public var publishLatencyMax: [Double]
    public var endToEndLatency50pct: [Double]
    public var endToEndLatency90pct: [Double]
    public var endToEndLatency99pct: [Double]
    public var endToEndLatency999pct: [Double]
    public var endToEndLatencyMax: [Double]

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

/// What `test produce` writes and `test consume` reads, so a separate consumer can check tail loss.
public struct ProducerReport: Sendable, Codable {
    public struct Stream: Sendable, Codable {
        public var stream: StreamID
        public var expectation: StreamExpectation
    }

    public var runId: UInt64
    public var topic: String
    public var streams: [Stream]

    public init(runId: UInt64, topic: String, expectations: [StreamID: StreamExpectation]) {
        self.runId = runId
        self.topic = topic
        streams = expectations.sorted { $0.key < $1.key }.map { Stream(stream: $0.key, expectation: $0.value) }
    }

    public var expectations: [StreamID: StreamExpectation] {
        Dictionary(streams.map { ($0.stream, $0.expectation) }, uniquingKeysWith: { first, _ in first })
    }
}
