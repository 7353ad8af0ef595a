import KafkaWire
import Logging
import Synchronization

/// Follows, from one leader broker, every partition this broker replicates from it (one fetcher per source broker,
/// as Kafka does): first truncates each partition to where its log agrees with the leader's (OffsetForLeaderEpoch),
/// then fetches from its log end with ReplicaId = this broker's id, appending what comes back.
final class ReplicaFetcher: Sendable {
    struct Settings: Sendable {
        var brokerId: Int32
        /// `replica.fetch.max.bytes`: per partition.
        var partitionMaxBytes: Int32
        /// `replica.fetch.response.max.bytes`: the whole response, so one fetch can carry every followed partition's
        /// new data (a cap of one partition's worth would cost a round trip per partition).
        var responseMaxBytes: Int32
        var fetchWaitMaxMs: Int32
        var maxFrameBytes: Int
    }

    /// One followed partition and the leader epoch it is followed in.
    struct Entry: Sendable {
        var partition: Partition
        var leaderEpoch: Int32
        var needsTruncation = true
        var retryAt: ContinuousClock.Instant?
        /// Whether an out-of-range answer in this epoch was logged: a follower that keeps fetching beyond the
        /// leader's log end never rejoins the ISR, so the first such answer is worth a line, not every retry.
        var reportedOutOfRange = false
    }

    let source: Int32
    let host: String
    let port: Int
    private let settings: Settings
    private let logger: Logger
    private let entries = Mutex<[ReplicaManager.Key: Entry]>([:])
    /// Wakes the loop when partitions are assigned while it idles.
    private let wake = AppendNotifier()

    init(source: Int32, host: String, port: Int, settings: Settings, logger: Logger) {
        self.source = source
        self.host = host
        self.port = port
        self.settings = settings
        self.logger = logger
    }

    /// Replaces the followed partitions. A partition whose leader epoch changed is truncated again before fetching.
    func assign(_ wanted: [ReplicaManager.Key: (partition: Partition, leaderEpoch: Int32)]) {
        entries.withLock { entries in
            var next: [ReplicaManager.Key: Entry] = [:]
            for (key, target) in wanted {
                if let existing = entries[key], existing.leaderEpoch == target.leaderEpoch,
                    existing.partition === target.partition
                {
                    next[key] = existing
                } else {
                    next[key] = Entry(partition: target.partition, leaderEpoch: target.leaderEpoch)
                }
            }
            entries = next
        }
        wake.notify()
    }

    var followed: [ReplicaManager.Key: Entry] { entries.withLock { $0 } }

    /// Fetches until cancelled, reconnecting after failures.
    func run() async {
        while !Task.isCancelled {
            do {
                try await LeaderConnection.with(
                    host: host, port: port, clientId: "replica-fetcher-\(settings.brokerId)",
                    maxFrameBytes: settings.maxFrameBytes, connectTimeout: .seconds(3)
                ) { connection in
                    while !Task.isCancelled { try await step(&connection) }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.debug("replica fetch failed", metadata: ["source": "\(source)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(300))
            }
        }
    }

    private func step(_ connection: inout LeaderConnection) async throws {
        let generation = wake.generation
        let now = ContinuousClock.now
        let all = followed
        let ready = all.filter { $0.value.retryAt.map { $0 <= now } ?? true }
        guard !ready.isEmpty else {
            let nextRetry = all.values.compactMap(\.retryAt).min().map { $0 - now } ?? .milliseconds(500)
            await wake.wait(since: generation, timeout: max(.milliseconds(10), min(nextRetry, .milliseconds(500))))
            return
        }
        let truncating = ready.filter { $0.value.needsTruncation }
        if !truncating.isEmpty {
            try await truncate(truncating, &connection)
        } else {
            try await fetch(ready, &connection)
        }
    }

    /// Changes an entry only if it is still followed in the same epoch.
    private func update(_ key: ReplicaManager.Key, epoch: Int32, _ change: (inout Entry) -> Void) {
        entries.withLock { entries in
            guard var entry = entries[key], entry.leaderEpoch == epoch else { return }
            change(&entry)
            entries[key] = entry
        }
    }

    private func retryLater(_ key: ReplicaManager.Key, epoch: Int32, truncate: Bool = false) {
        update(key, epoch: epoch) { entry in
            entry.retryAt = ContinuousClock.now + .milliseconds(250)
            if truncate { entry.needsTruncation = true }
        }
    }

    private func truncate(_ batch: [ReplicaManager.Key: Entry], _ connection: inout LeaderConnection) async throws {
        let byTopic = Dictionary(grouping: batch, by: { $0.key.topic })
        let request = OffsetForLeaderEpochRequest(
            replicaId: settings.brokerId,
            topics: byTopic.map { topic, items in
                .init(
                    topic: topic,
                    partitions: items.map { key, entry in
                        .init(
                            partition: key.partition, currentLeaderEpoch: entry.leaderEpoch,
                            leaderEpoch: entry.partition.log.latestEpoch ?? -1)
                    })
            })
        let response = try await connection.send(request, version: 3, timeout: .seconds(10))
        var answered: Set<ReplicaManager.Key> = []
        for topic in response.topics {
            for result in topic.partitions {
                let key = ReplicaManager.Key(topic: topic.topic, partition: result.partition)
                guard let entry = batch[key], answered.insert(key).inserted else { continue }
                guard result.errorCode == .none else {
                    retryLater(key, epoch: entry.leaderEpoch, truncate: true)
                    continue
                }
                let local = entry.partition.truncationView
                let target = FollowerTruncation.target(
                    local: local, leaderEpoch: result.leaderEpoch, leaderEndOffset: result.endOffset)
                do {
                    if target < local.logEndOffset {
                        guard try entry.partition.truncateAsFollower(to: target, leaderEpoch: entry.leaderEpoch) else {
                            continue
                        }
                        logger.info(
                            "truncated follower log",
                            metadata: [
                                "partition": "\(entry.partition.name)", "from": "\(local.logEndOffset)",
                                "to": "\(target)",
                                "leaderEpoch": "\(entry.leaderEpoch)",
                            ])
                    }
                    update(key, epoch: entry.leaderEpoch) {
                        $0.needsTruncation = false
                        $0.retryAt = nil
                    }
                } catch {
                    logger.warning(
                        "truncation failed", metadata: ["partition": "\(entry.partition.name)", "error": "\(error)"])
                    retryLater(key, epoch: entry.leaderEpoch, truncate: true)
                }
            }
        }
        for (key, entry) in batch where !answered.contains(key) {
            retryLater(key, epoch: entry.leaderEpoch, truncate: true)
        }
    }

    private func fetch(_ batch: [ReplicaManager.Key: Entry], _ connection: inout LeaderConnection) async throws {
        var offsets: [ReplicaManager.Key: Int64] = [:]
        let byTopic = Dictionary(grouping: batch, by: { $0.key.topic })
        let request = FetchRequest(
            replicaId: settings.brokerId, maxWaitMs: settings.fetchWaitMaxMs, minBytes: 1,
            maxBytes: settings.responseMaxBytes,
            topics: byTopic.map { topic, items in
                .init(
                    topic: topic,
                    partitions: items.map { key, entry in
                        let offset = entry.partition.log.logEndOffset
                        offsets[key] = offset
                        return .init(
                            partition: key.partition, currentLeaderEpoch: entry.leaderEpoch, fetchOffset: offset,
                            logStartOffset: entry.partition.log.logStartOffset,
                            partitionMaxBytes: settings.partitionMaxBytes)
                    })
            })
        let timeout = Duration.milliseconds(Int(settings.fetchWaitMaxMs)) + .seconds(10)
        let response = try await connection.send(request, version: 11, timeout: timeout)
        for topic in response.responses {
            for data in topic.partitions {
                let key = ReplicaManager.Key(topic: topic.topic, partition: data.partitionIndex)
                guard let entry = batch[key], let fetchOffset = offsets[key] else { continue }
                apply(data, to: entry, key: key, fetchOffset: fetchOffset)
            }
        }
    }

    private func apply(
        _ data: FetchResponse.PartitionData, to entry: Entry, key: ReplicaManager.Key, fetchOffset: Int64
    ) {
        let partition = entry.partition
        switch data.errorCode {
        case .none:
            do {
                // Another response may have moved the log meanwhile (it cannot in one fetcher, but be sure).
                guard partition.log.logEndOffset == fetchOffset else { return }
                _ = try partition.appendAsFollower(
                    data.records ?? .init(), leaderEpoch: entry.leaderEpoch, leaderHighWatermark: data.highWatermark)
            } catch {
                logger.warning(
                    "follower append failed", metadata: ["partition": "\(partition.name)", "error": "\(error)"])
                retryLater(key, epoch: entry.leaderEpoch, truncate: true)
            }
        case .offsetOutOfRange where data.logStartOffset > fetchOffset:
            do {
                if try partition.restartAsFollower(at: data.logStartOffset, leaderEpoch: entry.leaderEpoch) {
                    logger.info(
                        "follower log restarted at the leader's log start",
                        metadata: [
                            "partition": "\(partition.name)", "offset": "\(data.logStartOffset)",
                        ])
                }
            } catch {
                retryLater(key, epoch: entry.leaderEpoch)
            }
        case .offsetOutOfRange:
            if !entry.reportedOutOfRange {
                update(key, epoch: entry.leaderEpoch) { $0.reportedOutOfRange = true }
                logger.warning(
                    "fetch offset out of range on the leader; truncating again",
                    metadata: [
                        "partition": "\(partition.name)", "fetchOffset": "\(fetchOffset)",
                        "leaderLogStart": "\(data.logStartOffset)", "leaderHighWatermark": "\(data.highWatermark)",
                        "leaderEpoch": "\(entry.leaderEpoch)",
                    ])
            }
            retryLater(key, epoch: entry.leaderEpoch, truncate: true)
        default:
            // Not leader, fenced or unknown epoch: metadata will tell who leads now.
            logger.debug(
                "replica fetch error", metadata: ["partition": "\(partition.name)", "error": "\(data.errorCode)"])
            retryLater(key, epoch: entry.leaderEpoch)
        }
    }
}
