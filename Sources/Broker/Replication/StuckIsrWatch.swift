/// Notices, on a leader, a follower that keeps up yet stays outside the ISR that ZooKeeper holds, and says why in
/// the log.
///
/// A healthy leader adds such a follower at its next fetch, so the state lasts a moment. It lasting for longer than
/// twice `replica.lag.time.max.ms` means an ISR that will not heal on its own (seen once in a 100-fault SIGSTOP run,
/// with nothing logged). Each report gives everything the decision depends on: the leader's own ISR and pending
/// additions beside ZooKeeper's ISR, epoch and version, the follower's position and last fetch, the high watermark,
/// where the epoch starts, and how long the partition's ISR write has been under way. A value type: the caller
/// passes the time and the views.
struct StuckIsrWatch: Sendable {
    /// What the leader's side shows for one followed replica.
    struct Observation: Sendable, Equatable {
        var partition: String
        var replica: Int32
        var leaderEpoch: Int32
        var localIsr: [Int32]
        var pendingAdditions: [Int32]
        var followerLogEnd: Int64
        var followerLastFetchMs: Int64
        var highWatermark: Int64
        var epochStartOffset: Int64
        var zooKeeperIsr: [Int32]
        var zooKeeperLeaderEpoch: Int32
        var zooKeeperVersion: Int32
        /// How long this partition's ISR write has been under way, in milliseconds; nil when none is.
        var writeUnderWayMs: Int64?
    }

    private struct Key: Hashable, Sendable {
        var partition: String
        var replica: Int32
    }

    let lagMaxMs: Int64
    /// At most one report per replica in this many milliseconds.
    let reportEveryMs: Int64
    private var stuckSince: [Key: Int64] = [:]
    private var lastReportMs: [Key: Int64] = [:]

    init(lagMaxMs: Int64, reportEveryMs: Int64 = 10_000) {
        self.lagMaxMs = lagMaxMs
        self.reportEveryMs = reportEveryMs
    }

    /// Whether the follower keeps up (it has what the high watermark covers and fetched within the lag limit) and
    /// ZooKeeper's ISR, in this leader's epoch, still lacks it.
    func isStuck(_ observation: Observation, nowMs: Int64) -> Bool {
        observation.zooKeeperLeaderEpoch == observation.leaderEpoch
            && !observation.zooKeeperIsr.contains(observation.replica)
            && observation.followerLogEnd >= observation.highWatermark
            && observation.followerLogEnd >= observation.epochStartOffset
            && observation.followerLastFetchMs >= 0 && nowMs - observation.followerLastFetchMs <= lagMaxMs
    }

    /// Takes this round's observations (one per followed replica of every led partition) and returns the report
    /// lines due now. A replica that is not stuck, or no longer observed, starts over.
    mutating func check(_ observations: [Observation], nowMs: Int64) -> [String] {
        var seen: Set<Key> = []
        var reports: [String] = []
        for observation in observations {
            let key = Key(partition: observation.partition, replica: observation.replica)
            guard isStuck(observation, nowMs: nowMs) else { continue }
            seen.insert(key)
            let since = stuckSince[key] ?? nowMs
            stuckSince[key] = since
            guard nowMs - since > 2 * lagMaxMs else { continue }
            if let last = lastReportMs[key], nowMs - last < reportEveryMs { continue }
            lastReportMs[key] = nowMs
            reports.append(Self.describe(observation, stuckForMs: nowMs - since, nowMs: nowMs))
        }
        stuckSince = stuckSince.filter { seen.contains($0.key) }
        lastReportMs = lastReportMs.filter { seen.contains($0.key) }
        return reports
    }

    static func describe(_ o: Observation, stuckForMs: Int64, nowMs: Int64) -> String {
        let write = o.writeUnderWayMs.map { "an ISR write under way for \($0) ms" } ?? "no ISR write under way"
        return "replica \(o.replica) of \(o.partition) keeps up but has been outside ZooKeeper's ISR for "
            + "\(stuckForMs) ms: ZooKeeper ISR \(o.zooKeeperIsr) (leader epoch \(o.zooKeeperLeaderEpoch), version "
            + "\(o.zooKeeperVersion)); this leader's ISR \(o.localIsr), pending additions \(o.pendingAdditions), "
            + "epoch \(o.leaderEpoch) starting at \(o.epochStartOffset); high watermark \(o.highWatermark); the "
            + "follower's log end \(o.followerLogEnd), last fetch \(nowMs - o.followerLastFetchMs) ms ago; \(write)"
    }
}
