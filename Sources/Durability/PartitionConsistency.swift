/// The replica consistency verdict for one partition: each replica compared with the leader below its high
/// watermark.
public struct PartitionConsistency: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    /// -1 when the partition has no leader (then nothing could be compared).
    public var leader: Int32
    public var highWatermark: Int64
    public var isr: [Int32]
    /// Followers only, by broker id.
    public var findings: [Int32: ReplicaFinding]
    /// Records the leader's log holds more than once (by their stamps), with both copies' batch headers.
    public var duplicates: [DuplicateRecord]

    public init(
        topic: String, partition: Int32, leader: Int32, highWatermark: Int64, isr: [Int32],
        findings: [Int32: ReplicaFinding], duplicates: [DuplicateRecord] = []
    ) {
        self.duplicates = duplicates
        self.topic = topic
        self.partition = partition
        self.leader = leader
        self.highWatermark = highWatermark
        self.isr = isr
        self.findings = findings
    }

    /// A leader exists and every in-sync follower is identical to it. A replica outside the ISR may lag or still
    /// hold a tail it is about to truncate; it is reported, not held against the partition.
    public var isConsistent: Bool {
        leader >= 0 && findings.allSatisfy { broker, finding in finding == .identical || !isr.contains(broker) }
    }

    /// Every replica (leader included) is in the ISR and identical: what a quiet, healed cluster must show.
    public var isFullyReplicated: Bool {
        leader >= 0 && findings.allSatisfy { broker, finding in finding == .identical && isr.contains(broker) }
    }

    /// One line: `T-P OK (leader 1, HW 1234, replicas 0 2 identical)` or what differs.
    public var summary: String {
        let name = "\(topic)-\(partition)"
        guard leader >= 0 else { return "\(name) NO LEADER" }
        let replicas = findings.keys.sorted().map { broker -> String in
            let note = isr.contains(broker) ? "" : " (not in ISR)"
            return "replica \(broker) \(findings[broker]?.description ?? "?")\(note)"
        }
        let verdict = isConsistent ? "OK" : "DIVERGENT"
        return "\(name) \(verdict) (leader \(leader), HW \(highWatermark)"
            + (replicas.isEmpty ? ")" : "; " + replicas.joined(separator: "; ") + ")")
    }
}
