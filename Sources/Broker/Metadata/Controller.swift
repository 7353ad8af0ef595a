import Logging
import Synchronization
import ZooKeeper

/// The controller's duties, done by whichever broker holds the ephemeral `/controller` node: give new partitions a
/// first leader, move leadership off dead brokers, carry out reassignments and requested preferred elections
/// (`Controller+Reassignment.swift`, `Controller+PreferredElection.swift`), and finish topic deletions.
///
/// All writes to partition state are conditional on the znode version, so a deposed controller cannot overwrite a
/// newer decision; the controller epoch stamped into each state tells readers which controller wrote it.
final class Controller: Sendable {
    private let brokerId: Int32
    /// The current ZooKeeper session's client: a new one replaces it after a session expiry.
    private let client: @Sendable () -> ZooKeeperClient
    private let uncleanLeaderElection: Bool
    let logger: Logger
    private let epoch = Mutex<Int32?>(nil)

    init(
        brokerId: Int32, zooKeeper: @escaping @Sendable () -> ZooKeeperClient, uncleanLeaderElection: Bool,
        logger: Logger
    ) {
        self.brokerId = brokerId
        self.client = zooKeeper
        self.uncleanLeaderElection = uncleanLeaderElection
        self.logger = logger
    }

    var zooKeeper: ZooKeeperClient { client() }

    var isActive: Bool { epoch.withLock { $0 != nil } }

    /// The session expired: the ephemeral `/controller` node went with it, so this broker is no longer controller
    /// (it may win the election again in its new session).
    func sessionLost() {
        epoch.withLock { $0 = nil }
    }

    /// Called on every metadata change: tries to become controller when there is none, then, if controller,
    /// brings partition states in line with live brokers.
    func reconcile(_ metadata: ClusterMetadata) async {
        if metadata.controllerId == -1 { await tryElect() }
        if metadata.controllerId != -1 && metadata.controllerId != brokerId { epoch.withLock { $0 = nil } }
        guard let controllerEpoch = epoch.withLock({ $0 }) else { return }
        await electLeaders(metadata, controllerEpoch: controllerEpoch)
        await advanceReassignments(metadata, controllerEpoch: controllerEpoch)
        await runRequestedPreferredElections(metadata, controllerEpoch: controllerEpoch)
        await completeDeletions(metadata)
    }

    private func tryElect() async {
        let record = ZooKeeperRecords.Controller(brokerid: brokerId, timestamp: ZooKeeperRecords.timestamp())
        do {
            _ = try await zooKeeper.create(
                ZooKeeperPaths.controller, data: ZooKeeperRecords.encode(record), mode: .ephemeral)
        } catch ZooKeeperError.nodeExists {
            return
        } catch {
            logger.warning("controller election failed", metadata: ["error": "\(error)"])
            return
        }
        do {
            let newEpoch = try await incrementControllerEpoch()
            epoch.withLock { $0 = newEpoch }
            logger.info("elected controller", metadata: ["controllerEpoch": "\(newEpoch)"])
        } catch {
            logger.error("could not bump the controller epoch; resigning", metadata: ["error": "\(error)"])
            try? await zooKeeper.delete(ZooKeeperPaths.controller)
        }
    }

    private func incrementControllerEpoch() async throws -> Int32 {
        while true {
            do {
                let (data, stat) = try await zooKeeper.getData(ZooKeeperPaths.controllerEpoch)
                let next = (Int32(String(decoding: data, as: UTF8.self)) ?? 0) + 1
                _ = try await zooKeeper.setData(
                    ZooKeeperPaths.controllerEpoch, data: Array(String(next).utf8), version: stat.version)
                return next
            } catch ZooKeeperError.noNode {
                do {
                    _ = try await zooKeeper.create(ZooKeeperPaths.controllerEpoch, data: Array("1".utf8))
                    return 1
                } catch ZooKeeperError.nodeExists { continue }
            } catch ZooKeeperError.badVersion {
                continue
            }
        }
    }

    /// New partitions get their first leader; partitions led by a dead broker get a new one from the ISR (or, when
    /// unclean election is enabled for the topic, by its own config or the broker's, from any live replica); with
    /// no candidate the leader becomes -1.
    private func electLeaders(_ metadata: ClusterMetadata, controllerEpoch: Int32) async {
        let live = Set(metadata.brokers.keys)
        for topic in metadata.topics.values where !topic.markedForDeletion {
            for (partition, info) in topic.partitions.sorted(by: { $0.key < $1.key }) {
                let path = ZooKeeperPaths.partitionState(topic.name, partition)
                guard let current = info.state else {
                    let isr = info.replicas.filter { live.contains($0) }
                    let state = ZooKeeperRecords.PartitionState(
                        controllerEpoch: controllerEpoch, leader: isr.first ?? -1, leaderEpoch: 0, isr: isr)
                    do {
                        try await zooKeeper.ensurePath(ZooKeeperPaths.partition(topic.name, partition))
                        _ = try await zooKeeper.create(path, data: ZooKeeperRecords.encode(state))
                    } catch ZooKeeperError.nodeExists {
                    } catch {
                        logger.warning(
                            "could not create partition state", metadata: ["path": "\(path)", "error": "\(error)"])
                    }
                    continue
                }
                let unclean = TopicConfig.uncleanLeaderElection(topic.config, brokerDefault: uncleanLeaderElection)
                let next =
                    LeaderElection.failover(
                        current, replicas: info.replicas, live: live, unclean: unclean,
                        controllerEpoch: controllerEpoch)
                    ?? LeaderElection.removeDeadFollowers(current, live: live, controllerEpoch: controllerEpoch)
                guard let next else { continue }
                await write(next, to: path, version: info.stateVersion, reason: "broker loss")
            }
        }
    }

    /// Moves leadership back to preferred replicas that are alive and in sync (`auto.leader.rebalance.enable`).
    func electPreferredLeaders(_ metadata: ClusterMetadata) async {
        guard let controllerEpoch = epoch.withLock({ $0 }) else { return }
        let live = Set(metadata.brokers.keys)
        for topic in metadata.topics.values where !topic.markedForDeletion {
            for (partition, info) in topic.partitions.sorted(by: { $0.key < $1.key }) {
                guard let current = info.state, current.leader >= 0, live.contains(current.leader),
                    let next = LeaderElection.preferred(
                        current, replicas: info.replicas, live: live, controllerEpoch: controllerEpoch)
                else { continue }
                await write(
                    next, to: ZooKeeperPaths.partitionState(topic.name, partition), version: info.stateVersion,
                    reason: "preferred leader")
            }
        }
    }

    /// Checks for preferred leaders every `interval`, while this broker is controller, until cancelled.
    func runPreferredLeaderElection(every interval: Duration, metadata: @Sendable () -> ClusterMetadata) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await electPreferredLeaders(metadata())
        }
    }

    /// Conditional on the version read with the metadata: a newer decision (by a leader's ISR change or another
    /// controller) is never overwritten; the next metadata change brings the partition round again.
    @discardableResult
    func write(_ next: ZooKeeperRecords.PartitionState, to path: String, version: Int32, reason: String) async -> Bool {
        do {
            _ = try await zooKeeper.setData(path, data: ZooKeeperRecords.encode(next), version: version)
            logger.info(
                "partition state changed",
                metadata: [
                    "path": "\(path)", "leader": "\(next.leader)", "leaderEpoch": "\(next.leaderEpoch)",
                    "isr": "\(next.isr)",
                    "reason": "\(reason)",
                ])
            return true
        } catch {
            logger.debug("partition state changed under us", metadata: ["path": "\(path)", "error": "\(error)"])
            return false
        }
    }

    private func completeDeletions(_ metadata: ClusterMetadata) async {
        for topic in metadata.topics.values where topic.markedForDeletion {
            do {
                try await zooKeeper.deleteRecursive(ZooKeeperPaths.topic(topic.name))
                try? await zooKeeper.deleteRecursive(ZooKeeperPaths.topicConfig(topic.name))
                try? await zooKeeper.delete(ZooKeeperPaths.deleteTopic(topic.name))
                logger.info("deleted topic", metadata: ["topic": "\(topic.name)"])
            } catch {
                logger.warning("topic deletion failed", metadata: ["topic": "\(topic.name)", "error": "\(error)"])
            }
        }
        // Deletion requests for topics that no longer exist are simply cleared.
        if let pending = try? await zooKeeper.children(ZooKeeperPaths.deleteTopics) {
            for name in pending where metadata.topics[name] == nil {
                try? await zooKeeper.delete(ZooKeeperPaths.deleteTopic(name))
            }
        }
    }
}
