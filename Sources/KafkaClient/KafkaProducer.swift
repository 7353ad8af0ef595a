import CRdKafka
import Logging
import Synchronization

/// An async producer over librdkafka.
///
/// Two ways to send: `send` awaits its own delivery report; `produce` enqueues and returns at once, and its report
/// arrives later, in bulk, on `deliveryReports`. A dedicated thread polls librdkafka for reports.
public final class KafkaProducer: Sendable {
    let handle: RdKafkaHandle
    private let core: ProducerCore
    private let poller: PollingThread
    private let topics = Mutex<[String: ProducerTopic]>([:])
    private let blocking = BlockingCalls(label: "kafkalab.producer.blocking")
    private let logger: Logger

    /// Fire-and-forget delivery reports, in batches as the polling thread collects them. Iterate it once.
    public var deliveryReports: AsyncStream<[DeliveryReport]> { core.reports }

    public init(config: KafkaConfig, logger: Logger = Logger(label: "kafkalab.producer")) throws(KafkaError) {
        let core = ProducerCore()
        let opaque = Unmanaged.passUnretained(core).toOpaque()
        self.core = core
        self.logger = logger
        handle = try RdKafkaHandle(kind: .producer, config: config, callbackContext: core) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, producerDeliveryCallback)
            rd_kafka_conf_set_opaque(conf, opaque)
        }
        poller = PollingThread(name: "rdkafka-producer-poll") { [handle, core] in
            rd_kafka_poll(handle.pointer, 100)
            core.drain()
        }
        logger.debug("producer created", metadata: ["bootstrap": "\(config["bootstrap.servers"] ?? "")"])
    }

    deinit {
        // No waiting here: deinit may run on the cooperative pool. The polling thread holds the handle, so the
        // handle is destroyed on that thread once its loop ends.
        poller.requestStop()
        core.finish()
    }

    /// A reusable handle for one topic; producing through it skips the name lookup.
    public func topic(_ name: String) throws(KafkaError) -> ProducerTopic {
        try topics.withLock { cache throws(KafkaError) in
            if let existing = cache[name] { return existing }
            guard let pointer = rd_kafka_topic_new(handle.pointer, name, nil) else { throw KafkaError.last() }
            let topic = ProducerTopic(name: name, pointer: pointer, owner: handle)
            cache[name] = topic
            return topic
        }
    }

    /// Enqueues one record without waiting. Its report appears on `deliveryReports` with `tag`.
    ///
    /// Throws `KafkaError` with `isQueueFull` when librdkafka's queue is full: back off and retry.
    /// `tag` must be below 2^63 (the top bit is reserved for `send`).
    public func produce(
        to topic: ProducerTopic, partition: Int32? = nil, key: [UInt8]?, value: [UInt8], tag: UInt64
    ) throws(KafkaError) {
        guard tag & ProducerCore.awaitedTagBit == 0 else { throw .client("tag must be below 2^63") }
        try enqueue(topic: topic, partition: partition, key: key, value: value, tag: tag)
    }

    /// Sends one record and waits for its delivery report; throws the delivery error if it was not acknowledged.
    @discardableResult
    public func send(
        topic name: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8]
    ) async throws(KafkaError) -> DeliveryReport {
        let topic = try topic(name)
        let tag = core.makeAwaitedTag()
        let enqueueError = Mutex<KafkaError?>(nil)
        let report = await withCheckedContinuation { continuation in
            core.register(tag: tag, continuation)
            do throws(KafkaError) {
                try enqueue(topic: topic, partition: partition, key: key, value: value, tag: tag)
            } catch {
                enqueueError.withLock { $0 = error }
                core.record(
                    DeliveryReport(tag: tag, partition: -1, offset: -1, latencyMicros: 0, errorCode: error.code))
            }
        }
        if let error = enqueueError.withLock({ $0 }) { throw error }
        if let error = report.error { throw error }
        return report
    }

    private func enqueue(
        topic: ProducerTopic, partition: Int32?, key: [UInt8]?, value: [UInt8], tag: UInt64
    ) throws(KafkaError) {
        try KafkaError.check(topic.enqueue(partition: partition ?? -1, key: key, value: value, tag: tag))
    }

    /// Records enqueued or in flight, not yet reported.
    public var outstanding: Int { Int(rd_kafka_outq_len(handle.pointer)) }

    /// Serves the delivery reports that are ready, on the calling thread, without blocking, and hands them to
    /// `deliveryReports`. Optional: the polling thread serves them anyway. A tight `produce` loop that calls this
    /// every batch frees librdkafka's messages on the thread that allocated them, which keeps malloc on its fast
    /// per-thread path (cross-thread frees made the allocator a third of the producer's CPU). Reports served here
    /// and on the polling thread at the same moment may reach `deliveryReports` in a slightly different order.
    public func serveDeliveryReports() {
        rd_kafka_poll(handle.pointer, 0)
        core.drain()
    }

    /// Waits until every enqueued record has been reported (or `timeoutMillis` passes), then hands the remaining
    /// reports to `deliveryReports`. Throws `_TIMED_OUT` when records are still outstanding.
    public func flush(timeoutMillis: Int32 = 30_000) async throws(KafkaError) {
        try await blocking.run { [handle, core] () throws(KafkaError) in
            let err = rd_kafka_flush(handle.pointer, timeoutMillis)
            core.drain()
            try KafkaError.check(err)
        }
    }

    /// Flushes (bounded by `timeoutMillis`), stops polling and ends `deliveryReports`.
    public func close(timeoutMillis: Int32 = 30_000) async {
        do {
            try await flush(timeoutMillis: timeoutMillis)
        } catch {
            logger.debug("flush on close failed", metadata: ["error": "\(error)"])
        }
        await blocking.perform { [poller, core] in
            poller.stop()
            core.finish()
        }
    }
}

/// A topic handle owned by a producer (`rd_kafka_topic_t`).
public final class ProducerTopic: Sendable {
    public let name: String
    nonisolated(unsafe) let pointer: OpaquePointer
    private let owner: RdKafkaHandle

    init(name: String, pointer: OpaquePointer, owner: RdKafkaHandle) {
        self.name = name
        self.pointer = pointer
        self.owner = owner
    }

    deinit {
        rd_kafka_topic_destroy(pointer)
    }
}

func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}
