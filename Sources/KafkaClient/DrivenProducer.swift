import CRdKafka
import Logging

/// A producer driven entirely by one thread of its owner, the way kcat and librdkafka's own performance tool drive
/// librdkafka: that thread enqueues records and serves their delivery reports, and there is no polling thread.
///
/// Why: librdkafka allocates a message on the thread that enqueues it and frees it on the thread that serves its
/// report. With one thread doing both, malloc stays on its per-thread fast path, and no other thread is woken per
/// batch of reports. `KafkaProducer` (polling thread, async reports) is the general-purpose producer; this one is
/// for a tight loop that wants raw librdkafka speed.
///
/// `serve` and `flush` block up to their timeout: call them from a dedicated thread, never from Swift's
/// cooperative pool. Call `serve` regularly (e.g. after every batch of `produce` calls): reports, and librdkafka's
/// memory for the records, are only released when served.
public final class DrivenProducer: Sendable {
    let handle: RdKafkaHandle
    private let core: DrivenProducerCore

    /// What `produce` did with a record.
    public enum EnqueueResult: Sendable, Equatable {
        case enqueued
        /// librdkafka's local queue is full: serve reports (with a timeout, so the thread waits for room) and
        /// try again.
        case queueFull
        case failed(KafkaError)
    }

    public init(config: KafkaConfig, logger: Logger = Logger(label: "kafkalab.producer")) throws(KafkaError) {
        let core = DrivenProducerCore()
        let opaque = Unmanaged.passUnretained(core).toOpaque()
        self.core = core
        handle = try RdKafkaHandle(kind: .producer, config: config, callbackContext: core) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, drivenDeliveryCallback)
            rd_kafka_conf_set_opaque(conf, opaque)
        }
        logger.debug("driven producer created", metadata: ["bootstrap": "\(config["bootstrap.servers"] ?? "")"])
    }

    /// A handle for one topic; producing through it skips the name lookup. Create it once per topic.
    public func topic(_ name: String) throws(KafkaError) -> ProducerTopic {
        guard let pointer = rd_kafka_topic_new(handle.pointer, name, nil) else { throw KafkaError.last() }
        return ProducerTopic(name: name, pointer: pointer, owner: handle)
    }

    /// Enqueues one record (key and value are copied) without waiting; the partitioner picks the partition.
    /// Its outcome comes back from `serve` or `flush` with `tag`.
    public func produce(to topic: ProducerTopic, key: [UInt8]?, value: [UInt8], tag: UInt64) -> EnqueueResult {
        let err = topic.enqueue(partition: -1, key: key, value: value, tag: tag)
        if err == RD_KAFKA_RESP_ERR_NO_ERROR { return .enqueued }
        if err == RD_KAFKA_RESP_ERR__QUEUE_FULL { return .queueFull }
        return .failed(KafkaError(err))
    }

    /// Serves the delivery reports that are ready, waiting up to `timeoutMillis` for the first one (0: do not
    /// wait). `outcomes` is replaced by them, in the order librdkafka reported them; pass the same array every
    /// time and serving allocates nothing.
    public func serve(timeoutMillis: Int32, into outcomes: inout [DeliveryOutcome]) {
        rd_kafka_poll(handle.pointer, timeoutMillis)
        core.take(into: &outcomes)
    }

    /// Sends what is queued without waiting for `linger.ms`, and waits up to `timeoutMillis` until every record
    /// has been reported; `outcomes` is replaced by the outcomes served meanwhile. Returns true when nothing is
    /// outstanding any more. Call it in a loop with a short timeout to keep consuming outcomes while flushing.
    public func flush(timeoutMillis: Int32, into outcomes: inout [DeliveryOutcome]) -> Bool {
        let err = rd_kafka_flush(handle.pointer, timeoutMillis)
        core.take(into: &outcomes)
        return err == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    /// The error that made this producer unusable, if one did (an idempotent producer's fatal error: from then on
    /// every record fails with `_FATAL`); nil while it is healthy.
    public var fatalError: KafkaError? {
        var reason = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(handle.pointer, &reason, reason.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let message = reason.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } }
        return KafkaError(err, message: message)
    }

    /// Raises a fatal error the way librdkafka's own tests do (`rd_kafka_test_fatal_error`), to test what follows
    /// one. Only an idempotent producer can have one.
    package func raiseFatalErrorForTesting(_ code: Int32, reason: String) {
        _ = rd_kafka_test_fatal_error(handle.pointer, rd_kafka_resp_err_t(rawValue: code), reason)
    }

    /// Records enqueued or in flight, not yet reported.
    public var outstanding: Int { Int(rd_kafka_outq_len(handle.pointer)) }
}
