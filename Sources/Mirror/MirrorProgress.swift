/// One source partition in a progress report.
public struct PartitionProgress: Sendable, Equatable {
    public var partition: SourcePartition
    /// The next source offset whose record is not yet acknowledged by the destination (what a commit stores).
    public var committable: Int64?
    /// The source high watermark as last fetched, when known.
    public var highWatermark: Int64?
    /// Records in flight to the destination.
    public var inFlight: Int

    public init(partition: SourcePartition, committable: Int64?, highWatermark: Int64?, inFlight: Int) {
        self.partition = partition
        self.committable = committable
        self.highWatermark = highWatermark
        self.inFlight = inFlight
    }

    /// Source records not yet safely in the destination; `nil` when the watermark or position is unknown.
    public var lag: Int64? {
        guard let highWatermark, let committable else { return nil }
        return max(0, highWatermark - committable)
    }
}

/// A snapshot of a running (or finished) mirror: the live line every second and the summary at exit.
public struct MirrorProgress: Sendable, Equatable {
    public var elapsedSeconds: Double
    public var records: Int64
    public var bytes: Int64
    public var recordsPerSecond: Double
    public var bytesPerSecond: Double
    /// Records dispatched again after a failed delivery.
    public var retries: Int64
    /// Latency over the last interval, and over the whole run.
    public var intervalLatency: LatencyHistogram
    public var totalLatency: LatencyHistogram
    /// Over the whole run, the first part of the replication latency: source timestamp to the mirror's receipt.
    public var totalFetchLatency: LatencyHistogram
    /// Partitions currently assigned to this process.
    public var partitions: [PartitionProgress]

    public init(
        elapsedSeconds: Double = 0, records: Int64 = 0, bytes: Int64 = 0, recordsPerSecond: Double = 0,
        bytesPerSecond: Double = 0, retries: Int64 = 0, intervalLatency: LatencyHistogram = LatencyHistogram(),
        totalLatency: LatencyHistogram = LatencyHistogram(), totalFetchLatency: LatencyHistogram = LatencyHistogram(),
        partitions: [PartitionProgress] = []
    ) {
        self.elapsedSeconds = elapsedSeconds
        self.records = records
        self.bytes = bytes
        self.recordsPerSecond = recordsPerSecond
        self.bytesPerSecond = bytesPerSecond
        self.retries = retries
        self.intervalLatency = intervalLatency
        self.totalLatency = totalLatency
        self.totalFetchLatency = totalFetchLatency
        self.partitions = partitions
    }

    public var totalLag: Int64 { partitions.compactMap(\.lag).reduce(0, +) }

    /// One line: rates, lag (total, then the largest per partition), latency over the interval.
    public var liveLine: String {
        let lagging = partitions.filter { ($0.lag ?? 0) > 0 }.sorted { ($0.lag ?? 0) > ($1.lag ?? 0) }
        var lagText = "lag \(totalLag)"
        if !lagging.isEmpty {
            let shown = lagging.prefix(6).map { "\($0.partition)=\($0.lag ?? 0)" }.joined(separator: " ")
            lagText += " [\(shown)\(lagging.count > 6 ? " +\(lagging.count - 6) more" : "")]"
        }
        return "[\(format(elapsedSeconds, 1))s] \(format(recordsPerSecond, 0)) rec/s "
            + "\(format(bytesPerSecond / 1_048_576, 2)) MiB/s, \(records) records, \(partitions.count) partitions, "
            + "\(lagText), latency ms \(latencyText(intervalLatency))"
    }

    /// The exit summary: totals, latency over the run, and every partition's offset, watermark and lag.
    public var summary: String {
        let rate = elapsedSeconds > 0 ? Double(records) / elapsedSeconds : 0
        var lines = [
            "mirrored \(records) records (\(bytes) bytes) in \(format(elapsedSeconds, 1))s, "
                + "\(format(rate, 0)) rec/s, \(retries) retried",
            "replication latency ms: \(latencyText(totalLatency)), mean \(format(totalLatency.meanMillis, 1))",
            "  source to mirror ms: \(latencyText(totalFetchLatency)), mean \(format(totalFetchLatency.meanMillis, 1))",
            "partition\tcommitted\thigh-watermark\tlag",
        ]
        for progress in partitions.sorted(by: { $0.partition < $1.partition }) {
            lines.append(
                "\(progress.partition)\t\(progress.committable.map(String.init) ?? "-")\t"
                    + "\(progress.highWatermark.map(String.init) ?? "-")\t\(progress.lag.map(String.init) ?? "-")")
        }
        return lines.joined(separator: "\n")
    }

    private func latencyText(_ histogram: LatencyHistogram) -> String {
        guard histogram.count > 0 else { return "-" }
        return "p50 \(histogram.percentile(0.5)) p99 \(histogram.percentile(0.99)) max \(histogram.maxMillis)"
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? String(Int64(rounded)) : String(rounded)
    }
}
