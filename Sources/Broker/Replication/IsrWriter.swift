import Logging
import Synchronization
import ZooKeeper

/// Writes a leader's ISR changes to the partition state znode, as Kafka's leader does: read, check that this broker
/// still leads in the same epoch, write conditionally on the znode version (retrying a few times when another
/// writer, such as the controller, got in between). The controller epoch and leader epoch are kept as they are.
final class IsrWriter: Sendable {
    private let brokerId: Int32
    private let zooKeeper: @Sendable () -> ZooKeeperClient
    /// Called once a written ISR is in use (the high watermark may have moved; waiting produces re-check).
    private let changed: @Sendable () -> Void
    private let logger: Logger
    /// Partitions with a write under way, and when it started (`StuckIsrWatch` reports a write that never ends).
    private let inFlight = Mutex<[ReplicaManager.Key: Int64]>([:])

    init(
        brokerId: Int32, zooKeeper: @escaping @Sendable () -> ZooKeeperClient, changed: @escaping @Sendable () -> Void,
        logger: Logger
    ) {
        self.brokerId = brokerId
        self.zooKeeper = zooKeeper
        self.changed = changed
        self.logger = logger
    }

    /// Starts writing `proposal` unless a write for the partition is already under way.
    func submit(_ proposal: IsrChangeProposal, for partition: Partition) {
        let key = ReplicaManager.Key(topic: proposal.topic, partition: proposal.partition)
        let admitted = inFlight.withLock { inFlight -> Bool in
            guard inFlight[key] == nil else { return false }
            inFlight[key] = Broker.nowMs()
            return true
        }
        guard admitted else {
            partition.isrWriteFailed(proposal)
            return
        }
        Task {
            let written = await self.write(proposal)
            self.inFlight.withLock { _ = $0.removeValue(forKey: key) }
            if let written {
                var applied = proposal
                applied.isr = written
                _ = partition.isrWritten(applied, nowMs: Broker.nowMs())
                self.changed()
            } else {
                partition.isrWriteFailed(proposal)
            }
        }
    }

    /// How long the partition's ISR write has been under way, in milliseconds; nil when none is.
    func writeUnderWayMs(for key: ReplicaManager.Key, nowMs: Int64) -> Int64? {
        inFlight.withLock { $0[key] }.map { nowMs - $0 }
    }

    /// The ISR as written, or nil when this broker no longer leads in the proposal's epoch or the write failed.
    private func write(_ proposal: IsrChangeProposal) async -> [Int32]? {
        let path = ZooKeeperPaths.partitionState(proposal.topic, proposal.partition)
        for _ in 0..<5 {
            do {
                let client = zooKeeper()
                let (data, stat) = try await client.getData(path)
                var state = try ZooKeeperRecords.decode(ZooKeeperRecords.PartitionState.self, from: data)
                guard state.leader == brokerId, state.leaderEpoch == proposal.leaderEpoch else {
                    logger.info(
                        "ISR change not written: ZooKeeper names another leader or epoch",
                        metadata: [
                            "partition": "\(proposal.topic)-\(proposal.partition)", "isr": "\(proposal.isr)",
                            "leaderEpoch": "\(proposal.leaderEpoch)", "zooKeeperLeader": "\(state.leader)",
                            "zooKeeperLeaderEpoch": "\(state.leaderEpoch)",
                        ])
                    return nil
                }
                let next = Self.merge(zooKeeper: state.isr, proposal: proposal)
                if next == state.isr { return next }
                state.isr = next
                _ = try await client.setData(path, data: ZooKeeperRecords.encode(state), version: stat.version)
                logger.info(
                    "ISR changed",
                    metadata: [
                        "partition": "\(proposal.topic)-\(proposal.partition)", "isr": "\(next)",
                        "leaderEpoch": "\(proposal.leaderEpoch)",
                    ])
                return next
            } catch ZooKeeperError.badVersion {
                continue
            } catch {
                logger.warning(
                    "ISR write failed",
                    metadata: [
                        "partition": "\(proposal.topic)-\(proposal.partition)", "error": "\(error)",
                    ])
                return nil
            }
        }
        return nil
    }

    /// Applies the proposal's changes (who joins, who leaves) to the ISR ZooKeeper holds, which may differ from
    /// the leader's view (the controller removes dead brokers): a dead broker is never written back in.
    static func merge(zooKeeper current: [Int32], proposal: IsrChangeProposal) -> [Int32] {
        var next = current.filter { !proposal.removed.contains($0) }
        for id in proposal.added where !next.contains(id) { next.append(id) }
        let order = proposal.isr
        return next.sorted { (order.firstIndex(of: $0) ?? Int.max) < (order.firstIndex(of: $1) ?? Int.max) }
    }
}
