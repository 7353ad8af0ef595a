import KafkaLog
import Logging
import Synchronization

/// The partitions this broker hosts, kept in line with the cluster metadata: logs are opened for every assigned
/// replica, leadership applied, and logs of deleted topics removed.
final class ReplicaManager: Sendable {
    struct Key: Hashable, Sendable {
        var topic: String
        var partition: Int32
    }

    private let brokerId: Int32
    private let brokerConfig: BrokerConfig
    private let logManager: LogManager
    private let logger: Logger
    private let partitions = Mutex<[Key: Partition]>([:])
    /// Topics seen in metadata; only those can be deleted, so a partial read of ZooKeeper never deletes data.
    private let knownTopics = Mutex<Set<String>>([])
    /// Wakes long-polling fetches: some partition got data, or its high watermark moved.
    let appendNotifier = AppendNotifier()
    /// Wakes acks=all produces only: some partition's high watermark, ISR or leadership changed. Kept apart from
    /// `appendNotifier` so that every append (several per replication round trip) does not wake every waiting
    /// produce just to find its high watermark where it was.
    let replicationNotifier = AppendNotifier()

    /// A high watermark, ISR or leadership changed: wakes both fetches and acks=all produces.
    func replicationStateChanged() {
        appendNotifier.notify()
        replicationNotifier.notify()
    }

    init(brokerId: Int32, brokerConfig: BrokerConfig, logManager: LogManager, logger: Logger) {
        self.brokerId = brokerId
        self.brokerConfig = brokerConfig
        self.logManager = logManager
        self.logger = logger
    }

    var brokerIdentity: Int32 { brokerId }

    func partition(_ topic: String, _ index: Int32) -> Partition? {
        partitions.withLock { $0[Key(topic: topic, partition: index)] }
    }

    var all: [Partition] { partitions.withLock { Array($0.values) } }

    func reconcile(_ metadata: ClusterMetadata) {
        for (topic, index, info) in metadata.partitions(hostedBy: brokerId) {
            let config = TopicConfig(broker: brokerConfig, overrides: metadata.topics[topic]?.config ?? [:])
            let partition: Partition
            if let existing = self.partition(topic, index) {
                partition = existing
                if existing.topicConfig != config { existing.update(config: config) }
            } else {
                do {
                    let log = try logManager.log(for: topic, partition: index)
                        ?? logManager.createLog(topic: topic, partition: index, config: config.log)
                    partition = Partition(topic: topic, index: index, brokerId: brokerId, log: log, config: config)
                    partitions.withLock { $0[Key(topic: topic, partition: index)] = partition }
                } catch {
                    logger.error("could not open log", metadata: ["partition": "\(topic)-\(index)", "error": "\(error)"])
                    continue
                }
            }
            let leadership = Partition.Leadership(
                leader: info.leader, leaderEpoch: info.leaderEpoch, replicas: info.replicas, isr: info.isr)
            let previous = partition.currentLeadership
            if previous != leadership {
                if partition.apply(leadership) {
                    logger.info("became leader", metadata: ["partition": "\(partition.name)", "leaderEpoch": "\(info.leaderEpoch)"])
                } else if leadership.leader != brokerId && previous.leaderEpoch != leadership.leaderEpoch {
                    logger.info(
                        "follows new leader",
                        metadata: [
                            "partition": "\(partition.name)", "leader": "\(leadership.leader)",
                            "leaderEpoch": "\(leadership.leaderEpoch)",
                        ])
                }
                replicationStateChanged()
            }
        }
        removeDeleted(metadata)
    }

    private func removeDeleted(_ metadata: ClusterMetadata) {
        let gone = knownTopics.withLock { known -> Set<String> in
            let current = Set(metadata.topics.keys)
            let gone = known.subtracting(current)
            known = current
            return gone
        }
        let doomed = partitions.withLock { partitions -> [Partition] in
            let doomed = partitions.values.filter { partition in
                gone.contains(partition.topic)
                    || metadata.topics[partition.topic].map { topic in
                        topic.partitions[partition.index].map { !$0.replicas.contains(brokerId) } ?? false
                    } ?? false
            }
            for partition in doomed { partitions.removeValue(forKey: Key(topic: partition.topic, partition: partition.index)) }
            return doomed
        }
        for partition in doomed {
            do {
                try logManager.deleteLog(topic: partition.topic, partition: partition.index)
                logger.info("deleted replica", metadata: ["partition": "\(partition.name)"])
            } catch {
                logger.warning("could not delete log", metadata: ["partition": "\(partition.name)", "error": "\(error)"])
            }
        }
        removeStrayLogs(metadata)
    }

    /// Logs found on disk for replicas that were moved away while this broker was down (a reassignment or
    /// `cluster remove-broker`): deleted like Kafka does, but only for partitions whose assignment this broker has
    /// read and which does not list it.
    private func removeStrayLogs(_ metadata: ClusterMetadata) {
        let open = partitions.withLock { Set($0.keys) }
        for log in logManager.partitions where !open.contains(Key(topic: log.topic, partition: log.partition)) {
            guard let replicas = metadata.topics[log.topic]?.partitions[log.partition]?.replicas,
                !replicas.contains(brokerId)
            else { continue }
            do {
                try logManager.deleteLog(topic: log.topic, partition: log.partition)
                logger.info("deleted stray replica", metadata: ["partition": "\(log.topic)-\(log.partition)"])
            } catch {
                logger.warning(
                    "could not delete stray log", metadata: ["partition": "\(log.topic)-\(log.partition)", "error": "\(error)"])
            }
        }
    }

    func enforceRetention(nowMs: Int64) {
        for partition in all {
            do { _ = try partition.log.enforceRetention(nowMs: nowMs) } catch {
                logger.warning("retention failed", metadata: ["partition": "\(partition.name)", "error": "\(error)"])
            }
        }
    }
}
