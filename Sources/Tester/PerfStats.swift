import Foundation
import Histogram

/// kafka-producer-perf-test's figures: windowed and overall rate, throughput, and latency percentiles.
/// Pure value; the caller passes time in.
public struct PerfStats: Sendable {
    private var total = LatencyHistogram.make()
    private var window = LatencyHistogram.make()
    private var totalBytes: UInt64 = 0
    private var windowBytes: UInt64 = 0
    private var totalLatencyMicros: Double = 0
    private var windowLatencyMicros: Double = 0
    private var windowStartNanos: UInt64
    private let startNanos: UInt64

    public init(nowNanos: UInt64) {
        startNanos = nowNanos
        windowStartNanos = nowNanos
    }

    public var count: UInt64 { total.totalCount }

    public mutating func record(latencyMicros: Int64, bytes: Int) {
        LatencyHistogram.record(latencyMicros, into: &total)
        LatencyHistogram.record(latencyMicros, into: &window)
        totalBytes += UInt64(bytes)
        windowBytes += UInt64(bytes)
        totalLatencyMicros += Double(max(latencyMicros, 0))
        windowLatencyMicros += Double(max(latencyMicros, 0))
    }

    /// The interim line, once `intervalNanos` has passed since the last one; `nil` before that.
    public mutating func windowLine(nowNanos: UInt64, intervalNanos: UInt64 = 5_000_000_000) -> String? {
        guard nowNanos >= windowStartNanos + intervalNanos, window.totalCount > 0 else { return nil }
        let seconds = Double(nowNanos - windowStartNanos) / 1e9
        let count = window.totalCount
        let line = String(
            format: "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.",
            count, Double(count) / seconds, Double(windowBytes) / seconds / 1_048_576,
            windowLatencyMicros / Double(count) / 1000, Double(window.max) / 1000)
        window.reset()
        windowBytes = 0
        windowLatencyMicros = 0
        windowStartNanos = nowNanos
        return line
    }

    /// The final line, in kafka-producer-perf-test's format.
    public func finalLine(nowNanos: UInt64) -> String {
        let seconds = max(Double(nowNanos - startNanos) / 1e9, 1e-9)
        let count = total.totalCount
        let average = count == 0 ? 0 : totalLatencyMicros / Double(count) / 1000
        func percentile(_ p: Double) -> Int { count == 0 ? 0 : Int(total.valueAtPercentile(p) / 1000) }
        return String(
            format: "%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
            count, Double(count) / seconds, Double(totalBytes) / seconds / 1_048_576, average,
            Double(count == 0 ? 0 : total.max) / 1000, percentile(50), percentile(95), percentile(99), percentile(99.9))
    }
}

/// kafka-consumer-perf-test's summary: a CSV header and one row.
public struct ConsumerPerfSummary: Sendable {
    public var startMillis: Int64
    public var endMillis: Int64
    public var bytes: UInt64
    public var messages: UInt64
    /// Time from start until the first record arrived (group join and assignment).
    public var rebalanceMillis: Int64

    public init(startMillis: Int64, endMillis: Int64, bytes: UInt64, messages: UInt64, rebalanceMillis: Int64) {
        self.startMillis = startMillis
        self.endMillis = endMillis
        self.bytes = bytes
        self.messages = messages
        self.rebalanceMillis = rebalanceMillis
    }

    public static let header =
        "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
        + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec"

    public var row: String {
        let megabytes = Double(bytes) / 1_048_576
        let seconds = max(Double(endMillis - startMillis) / 1000, 0.001)
        let fetchMillis = max(endMillis - startMillis - rebalanceMillis, 1)
        let fetchSeconds = Double(fetchMillis) / 1000
        return String(
            format: "%@, %@, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f",
            Self.timestamp(startMillis), Self.timestamp(endMillis), megabytes, megabytes / seconds, messages,
            Double(messages) / seconds, rebalanceMillis, fetchMillis, megabytes / fetchSeconds,
            Double(messages) / fetchSeconds)
    }

    static func timestamp(_ millis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss:SSS"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
