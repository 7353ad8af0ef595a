import CRdKafka
import Logging

/// An async consumer over librdkafka: group subscription or manual assignment, messages as an async sequence,
/// commit and seek. A dedicated thread polls; blocking calls run on a private dispatch queue.
public final class KafkaConsumer: Sendable {
    let handle: RdKafkaHandle
    private let poller: ConsumerPoller
    private let thread: PollingThread
    private let blocking = BlockingCalls(label: "kafkalab.consumer.blocking")
    private let logger: Logger

    /// `config` needs `group.id` for `subscribe` and for commits; manual `assign` works without one.
    public init(config: KafkaConfig, logger: Logger = Logger(label: "kafkalab.consumer")) throws(KafkaError) {
        var config = config
        if config["group.id"] == nil {
            // librdkafka requires a group id for its consumer type; an unused one keeps assign-only use simple.
            config["group.id"] = "kafkalab-unused-\(wallClockMicros())"
            config["enable.auto.commit"] = config["enable.auto.commit"] ?? "false"
        }
        // Offsets are stored when the application has processed a batch, not when the polling thread fetched it.
        let storesOffsets = config["enable.auto.offset.store"] == nil
        if storesOffsets { config["enable.auto.offset.store"] = "false" }
        let handle = try RdKafkaHandle(kind: .consumer, config: config)
        self.handle = handle
        rd_kafka_poll_set_consumer(handle.pointer)
        self.logger = logger
        let poller = ConsumerPoller(logger: logger, storesOffsetsFor: storesOffsets ? handle : nil)
        self.poller = poller
        thread = PollingThread(name: "rdkafka-consumer-poll") { [handle] in poller.pollOnce(handle) }
    }

    deinit {
        // No waiting here (see KafkaProducer.deinit); the polling thread releases the handle when it ends.
        thread.requestStop()
        poller.finish()
    }

    /// Messages, one at a time. Iterate either `messages` or `messageBatches`, once.
    public var messages: KafkaMessages { KafkaMessages(batches: messageBatches) }

    /// Messages in the batches the polling thread collected: cheaper per message than `messages`.
    public var messageBatches: KafkaMessageBatches { KafkaMessageBatches(stream: poller.batches, poller: poller) }

    public func subscribe(topics: [String]) throws(KafkaError) {
        try TopicPartitionList.with(topics.map { TopicPartitionOffset(topic: $0, partition: -1) }) {
            list throws(KafkaError) in
            try KafkaError.check(rd_kafka_subscribe(handle.pointer, list))
        }
        logger.debug("subscribed", metadata: ["topics": "\(topics)"])
    }

    public func assign(_ partitions: [TopicPartitionOffset]) throws(KafkaError) {
        try TopicPartitionList.with(partitions) { list throws(KafkaError) in
            try KafkaError.check(rd_kafka_assign(handle.pointer, list))
        }
    }

    /// The partitions currently assigned to this consumer (by the group, or by `assign`).
    /// (librdkafka answers this through its consumer-group thread, so the call may wait: it runs off the pool.)
    public func assignment() async throws(KafkaError) -> [TopicPartitionOffset] {
        try await blocking.run { [handle] () throws(KafkaError) in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            try KafkaError.check(rd_kafka_assignment(handle.pointer, &list))
            guard let list else { return [] }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            return try TopicPartitionList.read(list)
        }
    }

    /// Commits synchronously: the given offsets (next offset to read), or, when `nil`, the offsets of every batch
    /// the application has finished with (a batch is finished once the next one is requested).
    public func commit(_ offsets: [TopicPartitionOffset]? = nil) async throws(KafkaError) {
        try await blocking.run { [handle] () throws(KafkaError) in
            if let offsets {
                try TopicPartitionList.with(offsets) { list throws(KafkaError) in
                    try KafkaError.check(rd_kafka_commit(handle.pointer, list, 0))
                }
            } else {
                try KafkaError.check(rd_kafka_commit(handle.pointer, nil, 0))
            }
        }
    }

    /// The group's committed offsets for `partitions`.
    public func committed(_ partitions: [TopicPartitionOffset], timeoutMillis: Int32 = 10_000) async throws(KafkaError)
        -> [TopicPartitionOffset]
    {
        try await blocking.run { [handle] () throws(KafkaError) in
            try TopicPartitionList.with(partitions) { list throws(KafkaError) in
                try KafkaError.check(rd_kafka_committed(handle.pointer, list, timeoutMillis))
                return try TopicPartitionList.read(list)
            }
        }
    }

    /// Moves the fetch position of assigned partitions.
    public func seek(_ positions: [TopicPartitionOffset], timeoutMillis: Int32 = 10_000) async throws(KafkaError) {
        try await blocking.run { [handle] () throws(KafkaError) in
            try TopicPartitionList.with(positions) { list throws(KafkaError) in
                if let error = rd_kafka_seek_partitions(handle.pointer, list, timeoutMillis) {
                    throw KafkaError.consuming(error)
                }
                _ = try TopicPartitionList.read(list)
            }
        }
    }

    /// Leaves the group (committing if auto-commit is on), stops polling and ends the message sequences.
    public func close() async {
        await blocking.perform { [handle, thread, poller, logger] in
            thread.stop()
            let err = rd_kafka_consumer_close(handle.pointer)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.debug("consumer close failed", metadata: ["error": "\(KafkaError(err))"])
            }
            poller.finish()
        }
    }
}
