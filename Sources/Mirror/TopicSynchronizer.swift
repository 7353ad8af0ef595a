import KafkaClient
import Logging
import Synchronization

/// Keeps the destination able to receive every mirrored topic: compares both clusters' metadata every few
/// seconds (or at once when a worker asks), creates missing topics with the source's partition count and
/// configs, and grows partitions. Creation failures (e.g. a cluster without CreateTopics) are logged and retried
/// next round; the topic is consumed once it exists in the destination, however it got there.
final class TopicSynchronizer: Sendable {
    private let source: KafkaAdmin
    private let destination: KafkaAdmin
    private let settings: MirrorSettings
    private let logger: Logger
    private let syncRequested = Atomic<Bool>(false)
    private let reported = Mutex<Set<String>>([])

    init(settings: MirrorSettings, logger: Logger) throws(KafkaError) {
        var sourceConfig = settings.source
        sourceConfig["log_level"] = sourceConfig["log_level"] ?? "3"
        var destinationConfig = settings.destination
        destinationConfig["log_level"] = destinationConfig["log_level"] ?? "3"
        source = try KafkaAdmin(config: sourceConfig, timeoutMillis: 10_000, logger: logger)
        destination = try KafkaAdmin(config: destinationConfig, timeoutMillis: 10_000, logger: logger)
        self.settings = settings
        self.logger = logger
    }

    /// Asks for a round now (a worker met a topic or partition the destination lacks).
    func requestSync() {
        syncRequested.store(true, ordering: .relaxed)
    }

    /// One round: returns the source topics that can be consumed now, or `nil` when metadata was unavailable.
    func syncOnce() async -> [String]? {
        let sourceMetadata: ClusterMetadata
        let destinationMetadata: ClusterMetadata
        do {
            sourceMetadata = try await source.describeCluster()
            destinationMetadata = try await destination.describeCluster()
        } catch {
            logOnce("metadata unavailable: \(error)")
            return nil
        }
        let plan = TopicPlan.make(
            source: Self.shapes(sourceMetadata), destination: Self.shapes(destinationMetadata),
            destinationBrokers: destinationMetadata.brokers.count, filter: settings.filter,
            renamePrefix: settings.renamePrefix, sameCluster: settings.sameCluster)
        plan.warnings.forEach { logOnce($0) }
        var ready = plan.ready
        for creation in plan.creations where await create(creation) {
            ready.append(creation.source)
        }
        for growth in plan.growths {
            do {
                try await destination.createPartitions(topic: growth.destination, totalPartitions: growth.to)
                logger.info("grew \(growth.destination) from \(growth.from) to \(growth.to) partitions")
            } catch {
                logOnce("cannot grow \(growth.destination) to \(growth.to) partitions: \(error)")
            }
        }
        return ready.sorted()
    }

    /// Rounds every `metadataIntervalMillis` (sooner when requested) until cancelled; `onReady` gets each round's
    /// consumable topics.
    func run(onReady: @Sendable ([String]) -> Void) async {
        while !Task.isCancelled {
            var waited = 0
            while waited < settings.metadataIntervalMillis && !syncRequested.load(ordering: .relaxed) {
                try? await Task.sleep(for: .milliseconds(100))
                if Task.isCancelled { return }
                waited += 100
            }
            syncRequested.store(false, ordering: .relaxed)
            if let ready = await syncOnce() { onReady(ready) }
        }
    }

    private func create(_ creation: TopicCreation) async -> Bool {
        // Best effort: a source that cannot describe configs still gets its topic mirrored, with defaults.
        let configs = (try? await source.describeTopicConfigs(topic: creation.source)).map(TopicConfigCopy.copyable)
        let topic = NewTopic(
            name: creation.destination, partitions: Int32(clamping: creation.partitions),
            replicationFactor: Int32(clamping: creation.replicationFactor), configs: configs ?? [:])
        do {
            try await destination.createTopics([topic])
            logger.info(
                "created \(creation.destination) with \(creation.partitions) partitions",
                metadata: ["configs": "\(configs ?? [:])"])
            return true
        } catch where error.name == "TOPIC_ALREADY_EXISTS" {
            return true
        } catch {
            logOnce("cannot create \(creation.destination): \(error)")
            return false
        }
    }

    /// Logs a condition once per distinct text, so a round every few seconds does not flood the log.
    private func logOnce(_ text: String) {
        let isNew = reported.withLock { $0.insert(text).inserted }
        if isNew { logger.warning("\(text)") }
    }

    static func shapes(_ metadata: ClusterMetadata) -> [String: TopicShape] {
        var result: [String: TopicShape] = [:]
        for topic in metadata.topics where topic.error == nil && !topic.partitions.isEmpty {
            result[topic.name] = TopicShape(
                partitions: topic.partitions.count, replicationFactor: max(1, topic.replicationFactor))
        }
        return result
    }
}
