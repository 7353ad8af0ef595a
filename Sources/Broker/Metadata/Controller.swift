import Logging
import Synchronization
import ZooKeeper

/// The controller's duties, done by whichever broker holds the ephemeral `/controller` node: give new partitions a
/// first leader, move leadership off dead brokers, and finish topic deletions.
///
/// All writes to partition state are conditional on the znode version, so a deposed controller cannot overwrite a
/// newer decision; the controller epoch stamped into each state tells readers which controller wrote it.
final class Controller: Sendable {
    private let brokerId: Int32
    private let zooKeeper: ZooKeeperClient
    private let uncleanLeaderElection: Bool
    private let logger: Logger
    private let epoch = Mutex<Int32?>(nil)

    init(brokerId: Int32, zooKeeper: ZooKeeperClient, uncleanLeaderElection: Bool, logger: Logger) {
        self.brokerId = brokerId
        self.zooKeeper = zooKeeper
        self.uncleanLeaderElection = uncleanLeaderElection
        self.logger = logger
    }

    var isActive: Bool { epoch.withLock { $0 != nil } }

    /// Called on every metadata change: tries to become controller when there is none, then, if controller,
    /// brings partition states in line with live brokers.
    func reconcile(_ metadata: ClusterMetadata) async {
        if metadata.controllerId == -1 { await tryElect() }
        if metadata.controllerId != -1 && metadata.controllerId != brokerId { epoch.withLock { $0 = nil } }
        guard let controllerEpoch = epoch.withLock({ $0 }) else { return }
        await electLeaders(metadata, controllerEpoch: controllerEpoch)
        await completeDeletions(metadata)
    }

    private func tryElect() async {
        let record = ZooKeeperRecords.Controller(brokerid: brokerId, timestamp: ZooKeeperRecords.timestamp())
        do {
            _ = try await zooKeeper.create(ZooKeeperPaths.controller, data: ZooKeeperRecords.encode(record), mode: .ephemeral)
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
                _ = try await zooKeeper.setData(ZooKeeperPaths.controllerEpoch, data: Array(String(next).utf8), version: stat.version)
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
    /// unclean election is enabled, from any live replica); with no candidate the leader becomes -1.
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
                        logger.warning("could not create partition state", metadata: ["path": "\(path)", "error": "\(error)"])
                    }
                    continue
                }
                guard current.leader == -1 || !live.contains(current.leader) else { continue }
                let liveIsr = current.isr.filter { live.contains($0) && $0 != current.leader }
                var newLeader = info.replicas.first { liveIsr.contains($0) }
                if newLeader == nil && uncleanLeaderElection { newLeader = info.replicas.first { live.contains($0) } }
                if newLeader == nil && current.leader == -1 { continue }
                var next = current
                next.controllerEpoch = controllerEpoch
                next.leader = newLeader ?? -1
                next.leaderEpoch = current.leaderEpoch + 1
                // With no eligible leader the ISR keeps the last leader, so it can take over cleanly when it returns.
                next.isr = newLeader.map { leader in liveIsr.contains(leader) ? liveIsr : [leader] } ?? [current.leader]
                do {
                    _ = try await zooKeeper.setData(path, data: ZooKeeperRecords.encode(next), version: info.stateVersion)
                    logger.info("leader changed", metadata: [
                        "partition": "\(topic.name)-\(partition)", "leader": "\(next.leader)", "leaderEpoch": "\(next.leaderEpoch)",
                    ])
                } catch {
                    logger.debug("partition state changed under us", metadata: ["path": "\(path)", "error": "\(error)"])
                }
            }
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
