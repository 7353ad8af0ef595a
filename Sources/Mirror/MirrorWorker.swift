import KafkaClient
import Logging
import Synchronization

/// One consumer-group member with its own destination producer: consumes source records, produces them to the
/// same partition of the destination topic, and commits source offsets only up to what the destination
/// acknowledged (`DeliveryLedger`).
final class MirrorWorker: Sendable {
    let index: Int
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let ledger: Mutex<DeliveryLedger>
    private let settings: MirrorSettings
    private let synchronizer: TopicSynchronizer
    private let onFatal: @Sendable (MirrorError) -> Void
    private let subscription = Mutex<[String]>([])
    /// The assignment just before the consumer was closed, so the exit summary still lists every partition.
    private let assignmentAtClose = Mutex<[TopicPartitionOffset]?>(nil)
    private let logger: Logger

    init(
        index: Int, settings: MirrorSettings, synchronizer: TopicSynchronizer, logger: Logger,
        onFatal: @escaping @Sendable (MirrorError) -> Void
    ) throws(KafkaError) {
        var consumerConfig = settings.sourceConsumerConfig
        consumerConfig["client.id"] = consumerConfig["client.id"] ?? "kafkalab-mirror-\(index)"
        consumer = try KafkaConsumer(config: consumerConfig, logger: logger)
        producer = try KafkaProducer(config: settings.destinationProducerConfig, logger: logger)
        ledger = Mutex(DeliveryLedger(maxAttempts: settings.maxDeliveryAttempts))
        self.index = index
        self.settings = settings
        self.synchronizer = synchronizer
        self.onFatal = onFatal
        self.logger = logger
    }

    /// Subscribes to `topics` when the set changed (a change makes the group rebalance, so it is not repeated).
    func subscribe(_ topics: [String]) {
        guard !topics.isEmpty else { return }
        let changed = subscription.withLock { current in
            defer { current = topics }
            return current != topics
        }
        guard changed else { return }
        do {
            try consumer.subscribe(topics: topics)
            logger.info("worker \(index) subscribed", metadata: ["topics": "\(topics)"])
        } catch {
            onFatal(MirrorError("cannot subscribe to \(topics): \(error)"))
        }
    }

    /// Consumes and dispatches until the task is cancelled.
    func consumeLoop() async {
        for await batch in consumer.messageBatches {
            for message in batch {
                if Task.isCancelled { return }
                await dispatch(message)
            }
            if Task.isCancelled { return }
        }
    }

    /// Settles delivery reports until the producer is closed.
    func reportLoop() async {
        for await reports in producer.deliveryReports {
            let nowMillis = wallClockMicros() / 1000
            var failed: [FailedDelivery] = []
            ledger.withLock { ledger in
                for report in reports {
                    if report.isAcknowledged {
                        ledger.acknowledge(report, nowMillis: nowMillis)
                    } else {
                        logger.debug("delivery failed", metadata: ["error": "\(report.error.map(String.init) ?? "")"])
                        failed.append(ledger.fail(tag: report.tag))
                    }
                }
            }
            for (outcome, report) in zip(failed, reports.filter { !$0.isAcknowledged }) {
                switch outcome {
                case .retry(let record):
                    await produce(record, tag: report.tag)
                case .giveUp(let record):
                    onFatal(
                        MirrorError(
                            "giving up on \(record.message.topic)-\(record.message.partition)@\(record.message.offset) "
                                + "after \(record.attempts) attempts: \(report.error.map(String.init) ?? "")"))
                case .unknown:
                    break
                }
            }
        }
    }

    /// Commits every `commitIntervalMillis` until cancelled.
    func commitLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(settings.commitIntervalMillis))
            await commitNow()
        }
    }

    func commitNow() async {
        let pending = ledger.withLock { $0.pendingCommits }
        guard !pending.isEmpty else { return }
        let offsets = pending.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
        do {
            try await consumer.commit(offsets)
            ledger.withLock { $0.markCommitted(pending) }
        } catch {
            // The coordinator may be moving or the partition revoked: the next round tries again; until then the
            // group restarts from an older offset, which only means duplicates.
            logger.debug("commit failed", metadata: ["error": "\(error)"])
        }
    }

    /// After the consume loop has ended: waits for every outstanding delivery, commits, closes both clients.
    func drain(timeoutMillis: Int) async {
        do {
            try await producer.flush(timeoutMillis: Int32(clamping: timeoutMillis))
        } catch {
            logger.warning("worker \(index): records still unacknowledged at exit; their offsets stay uncommitted")
        }
        var waited = 0
        while ledger.withLock({ !$0.inFlight.isEmpty }) && waited < timeoutMillis {
            try? await Task.sleep(for: .milliseconds(10))
            waited += 10
        }
        await commitNow()
        let assigned = (try? await consumer.assignment()) ?? []
        assignmentAtClose.withLock { $0 = assigned }
        await consumer.close()
        await producer.close(timeoutMillis: 1_000)
    }

    /// Counters and per-partition state for reports; `intervalLatency` is taken (reset) by this call.
    func snapshot() async -> (ledger: DeliveryLedger, interval: LatencyHistogram, partitions: [PartitionProgress]) {
        let assigned: [TopicPartitionOffset]
        if let closed = assignmentAtClose.withLock({ $0 }) {
            assigned = closed
        } else {
            assigned = (try? await consumer.assignment()) ?? []
        }
        let (copy, interval) = ledger.withLock { ledger in
            let interval = ledger.takeIntervalLatency()
            return (ledger, interval)
        }
        let partitions = assigned.map { assignment in
            let key = SourcePartition(topic: assignment.topic, partition: assignment.partition)
            let tracker = copy.trackers[key]
            return PartitionProgress(
                partition: key, committable: tracker?.committable,
                highWatermark: consumer.cachedWatermarks(topic: key.topic, partition: key.partition)?.high,
                inFlight: tracker?.inFlight ?? 0)
        }
        return (copy, interval, partitions)
    }

    private func dispatch(_ message: KafkaMessage) async {
        let destination = TopicPlan.destinationName(of: message.topic, renamePrefix: settings.renamePrefix)
        let tag = ledger.withLock { $0.register(message, destinationTopic: destination) }
        let record = InFlightRecord(message: message, destinationTopic: destination, attempts: 1)
        await produce(record, tag: tag)
    }

    /// Produces until librdkafka accepts the record. A full queue waits for reports; a topic or partition the
    /// destination lacks waits for the synchronizer; anything else stops the mirror.
    private func produce(_ record: InFlightRecord, tag: UInt64) async {
        let message = record.message
        var missingRounds = 0
        while true {
            do {
                let topic = try producer.topic(record.destinationTopic)
                try producer.produce(
                    to: topic, partition: message.partition, key: message.key, value: message.value,
                    headers: message.headers, timestamp: message.timestamp.flatMap { $0 >= 0 ? $0 : nil }, tag: tag)
                return
            } catch where error.isQueueFull {
                try? await Task.sleep(for: .milliseconds(2))
            } catch where error.isUnknownPartition || error.isUnknownTopicOrPartition {
                synchronizer.requestSync()
                if missingRounds % 20 == 0 {
                    logger.warning(
                        "destination \(record.destinationTopic) lacks partition \(message.partition); waiting")
                }
                missingRounds += 1
                try? await Task.sleep(for: .milliseconds(500))
            } catch {
                ledger.withLock { $0.abandon(tag: tag) }
                onFatal(MirrorError("cannot produce to \(record.destinationTopic)-\(message.partition): \(error)"))
                return
            }
            if Task.isCancelled {
                ledger.withLock { $0.abandon(tag: tag) }
                return
            }
        }
    }
}
