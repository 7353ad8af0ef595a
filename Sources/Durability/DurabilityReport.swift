import Tester

/// The verdict of a durability run, from plain values (unit-tested): what was sent and acknowledged, what came
/// back, the replicas' consistency, each fault, and failover times.
public struct DurabilityReport: Sendable {
    public var acks: DurabilitySettings.Acks
    public var fault: DurabilitySettings.Fault
    public var faultsRequested: Int
    public var faults: [FaultRecord]
    public var sent: UInt64
    public var acknowledged: UInt64
    /// Records whose delivery failed (never acknowledged).
    public var failed: UInt64
    /// The failed records by librdkafka's error name, and each producer's fatal error (the tester's counts).
    public var failuresByError: [String: UInt64] = [:]
    public var producerFatalErrors: [String] = []
    public var counts: CheckCounts
    /// Records in the topic after the run (sum over partitions of high watermark - log start): an independent
    /// recount of what the checker should have read; -1 when the log ends could not be listed.
    public var recordsInTopic: Int64
    public var replicas: [PartitionConsistency]
    public var failoverTarget: Duration

    public init(
        acks: DurabilitySettings.Acks, fault: DurabilitySettings.Fault, faultsRequested: Int, faults: [FaultRecord],
        sent: UInt64, acknowledged: UInt64, failed: UInt64, counts: CheckCounts, recordsInTopic: Int64,
        replicas: [PartitionConsistency], failoverTarget: Duration
    ) {
        self.acks = acks
        self.fault = fault
        self.faultsRequested = faultsRequested
        self.faults = faults
        self.sent = sent
        self.acknowledged = acknowledged
        self.failed = failed
        self.counts = counts
        self.recordsInTopic = recordsInTopic
        self.replicas = replicas
        self.failoverTarget = failoverTarget
    }

    /// Measured failovers, shortest first.
    public var failovers: [Duration] { faults.compactMap(\.failover).sorted() }

    public var failoverMedian: Duration? {
        let sorted = failovers
        guard !sorted.isEmpty else { return nil }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Measured failovers above the target.
    public var slowFailovers: Int { failovers.filter { $0 > failoverTarget }.count }

    public var replicasConsistent: Bool { !replicas.isEmpty && replicas.allSatisfy(\.isFullyReplicated) }

    /// Reasons for FAIL; empty means PASS. With acks=1, loss, duplicates and reordering are reported, not failures:
    /// acks=1 promises none of that across a leader crash.
    public var problems: [String] {
        var problems: [String] = []
        if faults.count < faultsRequested { problems.append("only \(faults.count) of \(faultsRequested) faults ran") }
        if acknowledged == 0 { problems.append("nothing was acknowledged") }
        if acks == .all {
            // Records the client gave up on were never acknowledged; they are reported (`clientSideLines`), and
            // the broker is held to what it acknowledged. Duplicates fail unless the logs show the client resent
            // them under a new producer epoch.
            if counts.lost > 0 { problems.append("\(counts.lost) acknowledged records lost") }
            if counts.duplicate > 0 && !duplicatesExplainedByClient {
                problems.append("\(counts.duplicate) duplicates")
            }
            if counts.old > 0 { problems.append("\(counts.old) records out of order") }
            // An independent recount from the log ends, after the read-back: a record read back and later lost
            // (a replica emptied, then elected) passes the checker but not this.
            if recordsInTopic >= 0 && recordsInTopic < Int64(clamping: acknowledged) {
                problems.append("the topic holds \(recordsInTopic) records, fewer than the \(acknowledged) acknowledged")
            }
        }
        if counts.corrupt > 0 { problems.append("\(counts.corrupt) corrupt records") }
        let unhealed = faults.filter { !$0.healed }.map(\.index)
        if !unhealed.isEmpty { problems.append("the ISR did not heal after faults \(unhealed)") }
        let noFailover = faults.filter(\.failoverTimedOut).map(\.index)
        if !noFailover.isEmpty { problems.append("no produce succeeded after faults \(noFailover)") }
        // Every leader kill is held to the target, not just the median.
        let slow = faults.filter { $0.failover.map { $0 > failoverTarget } ?? false }
        if !slow.isEmpty {
            let list = slow.map { "fault \($0.index): \(formatSeconds($0.failover ?? .zero))" }.joined(separator: ", ")
            problems.append(
                "\(slow.count) failover\(slow.count == 1 ? "" : "s") above the target "
                    + "\(formatSeconds(failoverTarget)) (\(list))")
        }
        if !replicasConsistent {
            let bad = replicas.filter { !$0.isFullyReplicated }.map { "\($0.topic)-\($0.partition)" }
            problems.append(replicas.isEmpty ? "no partition was checked" : "replicas differ: \(bad)")
        }
        return problems
    }

    public var passed: Bool { problems.isEmpty }

    /// The verdict table.
    public var lines: [String] {
        let failover: String
        if let first = failovers.first, let median = failoverMedian, let last = failovers.last {
            failover = "min \(formatSeconds(first)), median \(formatSeconds(median)), max \(formatSeconds(last)) "
                + "over \(failovers.count) leader kills; \(slowFailovers) above the target "
                + "\(formatSeconds(failoverTarget))"
        } else {
            failover = "not measured (no leader was killed)"
        }
        let loss = acks == .all ? "\(counts.lost)" : "\(counts.lost) (acks=1: reported, not a failure)"
        return [
            "faults injected:          \(faults.count) x \(fault == .kill ? "kill -9" : "SIGSTOP")",
            "records sent:             \(sent)",
            "acknowledged:             \(acknowledged)",
            "not acknowledged:         \(failed)",
            "read back:                \(counts.received) (records in topic: "
                + "\(recordsInTopic >= 0 ? "\(recordsInTopic)" : "unknown, the log ends could not be listed"))",
            "lost acknowledged:        \(loss) (of which at a stream's tail: \(counts.lostAtTail))",
            "duplicates:               \(counts.duplicate)",
            "out of order:             \(counts.old)",
            "corrupt:                  \(counts.corrupt)",
            "unacknowledged received:  \(counts.unacknowledgedReceived), missing: \(counts.unacknowledgedMissing)",
            "replica consistency:      "
                + (replicasConsistent
                    ? "OK, \(replicas.count) partitions identical on every replica up to the high watermark"
                    : "FAILED"),
            "failover:                 \(failover)",
        ] + clientSideLines + replicas.flatMap(\.duplicates).map { "duplicate in the log:     \($0)" } + [
            "verdict:                  " + (passed ? "PASS" : "FAIL: " + problems.joined(separator: "; ")),
        ]
    }
}
