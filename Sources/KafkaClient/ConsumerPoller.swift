import CRdKafka
import Foundation
import Logging
import Synchronization

/// Polls a consumer handle on its own thread and hands messages to Swift in batches.
///
/// Back-pressure: when Swift falls behind by `maxBufferedBatches`, the thread stops polling; librdkafka then stops
/// fetching once its own queue is full, so memory stays bounded.
final class ConsumerPoller: Sendable {
    static let maxBufferedBatches = 64
    static let maxBatchSize = 1000

    let batches: AsyncStream<[KafkaMessage]>
    private let continuation: AsyncStream<[KafkaMessage]>.Continuation
    let buffered = Atomic<Int>(0)
    private let topicNames = Mutex<[UInt: String]>([:])
    private let logger: Logger
    /// Set when this wrapper stores offsets itself (librdkafka's auto store is off): a batch's offsets are
    /// stored only once the application asks for the next batch, so auto-commit never covers unprocessed records.
    let handle: RdKafkaHandle?

    init(logger: Logger, storesOffsetsFor handle: RdKafkaHandle?) {
        self.logger = logger
        self.handle = handle
        (batches, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// One iteration of the polling loop.
    func pollOnce(_ handle: RdKafkaHandle) {
        if buffered.load(ordering: .relaxed) >= Self.maxBufferedBatches {
            Thread.sleep(forTimeInterval: 0.001)
            return
        }
        var batch: [KafkaMessage] = []
        var timeout: Int32 = 100
        while batch.count < Self.maxBatchSize, let message = rd_kafka_consumer_poll(handle.pointer, timeout) {
            defer { rd_kafka_message_destroy(message) }
            timeout = 0
            if let converted = convert(message) { batch.append(converted) }
        }
        if !batch.isEmpty {
            buffered.add(1, ordering: .relaxed)
            continuation.yield(batch)
        }
    }

    /// Marks `batch` as processed: the next offset of each partition in it becomes eligible for commit.
    func storeOffsets(of batch: [KafkaMessage]) {
        guard let handle, !batch.isEmpty else { return }
        var next: [TopicPartitionOffset: Int64] = [:]
        for message in batch {
            let key = TopicPartitionOffset(topic: message.topic, partition: message.partition, offset: 0)
            next[key] = max(next[key] ?? 0, message.offset + 1)
        }
        let offsets = next.map {
            TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value)
        }
        let list = TopicPartitionList.make(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_offsets_store(handle.pointer, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            // Happens for partitions revoked meanwhile; their records will be delivered again elsewhere.
            logger.debug("offset store failed", metadata: ["error": "\(KafkaError(err))"])
        }
    }

    func finish() {
        continuation.finish()
    }

    private func convert(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage? {
        let m = pointer.pointee
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            if m.err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                logger.warning("consumer error", metadata: ["error": "\(KafkaError(m.err, message: messageText(m)))"])
            }
            return nil
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
        let value = m.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? []
        let key = m.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        var message = KafkaMessage(
            topic: topicName(m.rkt), partition: m.partition, offset: m.offset, key: key, value: value,
            timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            receivedMicros: wallClockMicros())
        message.headers = KafkaMessage.readHeaders(pointer)
        return message
    }

    private func topicName(_ topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        let id = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(topic)))
        if let cached = topicNames.withLock({ $0[id] }) { return cached }
        let name = String(cString: rd_kafka_topic_name(topic))
        topicNames.withLock { $0[id] = name }
        return name
    }

    private func messageText(_ m: rd_kafka_message_t) -> String? {
        guard let payload = m.payload, m.len > 0 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: payload, count: m.len), as: UTF8.self)
    }
}

/// Microseconds since the Unix epoch; comparable across processes on one host.
public func wallClockMicros() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
}
