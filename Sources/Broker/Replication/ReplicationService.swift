import Logging
import Synchronization
import ZooKeeper

/// Replication on one broker: a fetcher per leader this broker follows, kept in line with the partitions'
/// leadership; the leader's ISR upkeep (shrinking laggards every `replica.lag.time.max.ms / 2`, as Kafka checks);
/// and the ISR writes to ZooKeeper.
final class ReplicationService: Sendable {
    private struct Running: Sendable {
        var fetcher: ReplicaFetcher
        var task: Task<Void, Never>
    }

    private let settings: ReplicaFetcher.Settings
    private let lagMaxMs: Int64
    private let replicaManager: ReplicaManager
    private let logger: Logger
    let isrWriter: IsrWriter
    private let fetchers = Mutex<[Int32: Running]>([:])
    private let stopped = Mutex(false)

    init(
        config: BrokerConfig, replicaManager: ReplicaManager, zooKeeper: @escaping @Sendable () -> ZooKeeperClient,
        logger: Logger
    ) {
        self.settings = ReplicaFetcher.Settings(
            brokerId: config.brokerId, partitionMaxBytes: Int32(clamping: config.replicaFetchMaxBytes),
            responseMaxBytes: Int32(clamping: config.replicaFetchResponseMaxBytes),
            fetchWaitMaxMs: Int32(clamping: config.replicaFetchWaitMaxMs),
            maxFrameBytes: max(config.socketRequestMaxBytes, 64 << 20))
        self.lagMaxMs = Int64(config.replicaLagTimeMaxMs)
        self.replicaManager = replicaManager
        self.logger = logger
        self.isrWriter = IsrWriter(
            brokerId: config.brokerId, zooKeeper: zooKeeper, changed: { replicaManager.replicationStateChanged() },
            logger: logger)
    }

    /// After leadership was applied to the partitions: follow every partition led by another live broker, from
    /// that broker's current endpoint; stop following the rest.
    func reconcile(_ metadata: ClusterMetadata) {
        var wanted: [Int32: [ReplicaManager.Key: (partition: Partition, leaderEpoch: Int32)]] = [:]
        for partition in replicaManager.all {
            let leadership = partition.currentLeadership
            guard leadership.leader >= 0, leadership.leader != settings.brokerId,
                leadership.replicas.contains(settings.brokerId), metadata.brokers[leadership.leader] != nil
            else { continue }
            let key = ReplicaManager.Key(topic: partition.topic, partition: partition.index)
            wanted[leadership.leader, default: [:]][key] = (partition, leadership.leaderEpoch)
        }
        let toStop = fetchers.withLock { fetchers -> [Running] in
            guard !stopped.withLock({ $0 }) else { return [] }
            var toStop: [Running] = []
            for (source, running) in fetchers {
                let endpoint = metadata.brokers[source]
                let sameEndpoint = endpoint.map {
                    $0.host == running.fetcher.host && Int($0.port) == running.fetcher.port
                }
                if wanted[source] == nil || sameEndpoint != true {
                    running.fetcher.assign([:])
                    toStop.append(running)
                    fetchers.removeValue(forKey: source)
                }
            }
            for (source, partitions) in wanted {
                if let running = fetchers[source] {
                    running.fetcher.assign(partitions)
                } else if let endpoint = metadata.brokers[source] {
                    let fetcher = ReplicaFetcher(
                        source: source, host: endpoint.host, port: Int(endpoint.port), settings: settings,
                        logger: logger)
                    fetcher.assign(partitions)
                    fetchers[source] = Running(fetcher: fetcher, task: Task { await fetcher.run() })
                    logger.info(
                        "following leader", metadata: ["source": "\(source)", "partitions": "\(partitions.count)"])
                }
            }
            return toStop
        }
        for running in toStop { running.task.cancel() }
    }

    /// Shrinks the ISR of led partitions whose followers lag, until cancelled; and warns about followers that keep
    /// up yet stay outside the ISR that `zooKeeperView` (the metadata as last read) holds.
    func runIsrMaintenance(zooKeeperView: @escaping @Sendable () -> ClusterMetadata) async {
        let interval = Duration.milliseconds(max(50, lagMaxMs / 2))
        var stuck = StuckIsrWatch(lagMaxMs: lagMaxMs)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let now = Broker.nowMs()
            for partition in replicaManager.all {
                if let proposal = partition.isrShrinkProposal(nowMs: now, lagMaxMs: lagMaxMs) {
                    isrWriter.submit(proposal, for: partition)
                }
            }
            for line in stuck.check(stuckIsrObservations(zooKeeperView(), nowMs: now), nowMs: now) {
                logger.warning("\(line)")
            }
        }
    }

    /// One observation per follower of every partition this broker leads, beside ZooKeeper's view of it.
    private func stuckIsrObservations(_ metadata: ClusterMetadata, nowMs: Int64) -> [StuckIsrWatch.Observation] {
        var observations: [StuckIsrWatch.Observation] = []
        for partition in replicaManager.all {
            let leadership = partition.currentLeadership
            guard leadership.leader == settings.brokerId, let state = partition.isrState,
                let info = metadata.topics[partition.topic]?.partitions[partition.index], let zooKeeper = info.state
            else { continue }
            let key = ReplicaManager.Key(topic: partition.topic, partition: partition.index)
            let writeUnderWay = isrWriter.writeUnderWayMs(for: key, nowMs: nowMs)
            for (replica, follower) in state.followers.sorted(by: { $0.key < $1.key }) {
                observations.append(StuckIsrWatch.Observation(
                    partition: partition.name, replica: replica, leaderEpoch: leadership.leaderEpoch,
                    localIsr: state.isr, pendingAdditions: state.pendingAdditions.sorted(),
                    followerLogEnd: follower.logEndOffset, followerLastFetchMs: follower.lastFetchMs,
                    highWatermark: state.highWatermark, epochStartOffset: state.epochStartOffset,
                    zooKeeperIsr: zooKeeper.isr, zooKeeperLeaderEpoch: zooKeeper.leaderEpoch,
                    zooKeeperVersion: info.stateVersion, writeUnderWayMs: writeUnderWay))
            }
        }
        return observations
    }

    /// Records a follower's fetch on the leader; writes an ISR expansion if it earned one. Returns whether the
    /// high watermark moved (the caller wakes waiting fetches and produces).
    func recordFollowerFetch(_ partition: Partition, replica: Int32, fetchOffset: Int64) -> Bool {
        let outcome = partition.recordFollowerFetch(replica: replica, fetchOffset: fetchOffset, nowMs: Broker.nowMs())
        if let expansion = outcome.expansion { isrWriter.submit(expansion, for: partition) }
        return outcome.highWatermarkMoved
    }

    /// Stops every fetcher and waits for them, so no follower write happens after the logs close.
    func stop() async {
        let running = fetchers.withLock { fetchers -> [Running] in
            stopped.withLock { $0 = true }
            defer { fetchers.removeAll() }
            return Array(fetchers.values)
        }
        for item in running { item.task.cancel() }
        for item in running { await item.task.value }
    }
}
