import Foundation
import KafkaClient
import Testing

/// What a record is compared on, source against destination: everything the mirror promises to copy.
struct RecordFacts: Hashable, Sendable, CustomStringConvertible {
    var partition: Int32
    var key: [UInt8]?
    var value: [UInt8]
    var headers: [KafkaHeader]
    var timestamp: Int64?

    init(_ message: KafkaMessage) {
        partition = message.partition
        key = message.key
        value = message.value
        headers = message.headers
        timestamp = message.timestamp
    }

    var description: String {
        let headerText = headers.map { "\($0.key)=\($0.value.map { String(decoding: $0, as: UTF8.self) } ?? "null")" }
        return "p\(partition) key=\(key.map { String(decoding: $0, as: UTF8.self) } ?? "null") "
            + "value=\(String(decoding: value.prefix(40), as: UTF8.self)) ts=\(timestamp.map(String.init) ?? "none") "
            + "headers=\(headerText)"
    }
}

/// Test records whose value names them (`rec-<index>`), so a destination copy can be matched to its source.
enum MirroredRecords {
    static let timestampBase: Int64 = 1_600_000_000_000

    static func value(_ index: Int, size: Int = 0) -> [UInt8] {
        let name = Array("rec-\(index)".utf8)
        return name.count >= size ? name : name + [UInt8](repeating: UInt8(ascii: "."), count: size - name.count)
    }

    static func index(of value: [UInt8]) -> Int? {
        let text = String(decoding: value.prefix { $0 != UInt8(ascii: ".") }, as: UTF8.self)
        guard text.hasPrefix("rec-") else { return nil }
        return Int(text.dropFirst(4))
    }

    /// Headers exercising what Kafka allows: none, a repeated name (order matters), null and empty values.
    static func headers(_ index: Int) -> [KafkaHeader] {
        switch index % 5 {
        case 0: return []
        case 1: return [KafkaHeader(key: "trace", value: Array("t\(index)".utf8))]
        case 2:
            return [
                KafkaHeader(key: "dup", value: Array("first".utf8)), KafkaHeader(key: "null", value: nil),
                KafkaHeader(key: "dup", value: Array("second".utf8)),
            ]
        case 3: return [KafkaHeader(key: "empty", value: []), KafkaHeader(key: "dup", value: nil)]
        default: return [KafkaHeader(key: "ü-ñame", value: [0, 255, 0])]
        }
    }

    /// Keys: mostly distinct, every seventh null; values: some empty-after-the-name records are not possible
    /// (the name identifies the record), so emptiness is exercised through headers and keys.
    static func key(_ index: Int) -> [UInt8]? {
        index % 7 == 0 ? nil : (index % 11 == 0 ? [] : Array("k\(index)".utf8))
    }
}

/// Produces records to explicit partitions with acks=all and collects which were acknowledged (index → partition).
final class AcknowledgingProducer: Sendable {
    private let producer: KafkaProducer
    private let topic: ProducerTopic
    private let reports: Task<[UInt64: Int32], Never>
    private let expected: Int

    init(bootstrap: String, topic name: String, expected: Int) throws {
        producer = try KafkaProducer(
            config: KafkaConfig(
                bootstrapServers: bootstrap,
                ["log_level": "3", "acks": "all", "enable.idempotence": "true", "linger.ms": "5"]))
        topic = try producer.topic(name)
        self.expected = expected
        let producer = self.producer
        reports = Task {
            var acknowledged: [UInt64: Int32] = [:]
            var settled = 0
            for await batch in producer.deliveryReports {
                for report in batch {
                    settled += 1
                    if report.isAcknowledged { acknowledged[report.tag] = report.partition }
                }
                if settled >= expected { break }
            }
            return acknowledged
        }
    }

    /// Enqueues record `index` (tag = index) with its key, headers and a timestamp derived from the index;
    /// waits while librdkafka's queue is full.
    func produce(_ index: Int, partition: Int32, valueSize: Int = 0) async throws {
        while true {
            do {
                try producer.produce(
                    to: topic, partition: partition, key: MirroredRecords.key(index),
                    value: MirroredRecords.value(index, size: valueSize), headers: MirroredRecords.headers(index),
                    timestamp: MirroredRecords.timestampBase + Int64(index), tag: UInt64(index))
                return
            } catch where error.isQueueFull {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Flushes, closes and returns the acknowledged records (index → partition).
    func finish(timeout: Duration = .seconds(60)) async throws -> [Int: Int32] {
        try await producer.flush(timeoutMillis: Int32(timeout.components.seconds * 1000))
        let acknowledged = await reports.value
        await producer.close()
        return Dictionary(uniqueKeysWithValues: acknowledged.map { (Int($0.key), $0.value) })
    }
}

/// Reads whole topics back through librdkafka.
enum TopicReader {
    static func config(_ bootstrap: String) -> KafkaConfig {
        KafkaConfig(bootstrapServers: bootstrap, ["log_level": "3"])
    }

    /// High watermarks per partition (an unknown topic gives an empty map).
    static func highWatermarks(bootstrap: String, topic: String) async -> [Int32: Int64] {
        guard let admin = try? KafkaAdmin(config: config(bootstrap), timeoutMillis: 5_000),
            let metadata = try? await admin.describeCluster(),
            metadata.topics.contains(where: { $0.name == topic && $0.error == nil }),
            let offsets = try? await admin.listOffsets(topic: topic)
        else { return [:] }
        return Dictionary(offsets.map { ($0.partition, $0.high) }) { first, _ in first }
    }

    /// Sum of `topic`'s high watermarks.
    static func recordCount(bootstrap: String, topic: String) async -> Int64 {
        await highWatermarks(bootstrap: bootstrap, topic: topic).values.reduce(0, +)
    }

    /// Every record of `topic`, partition by partition in offset order, up to the high watermarks of the moment.
    static func readAll(bootstrap: String, topic: String, timeout: Duration = .seconds(60)) async throws
        -> [Int32: [KafkaMessage]]
    {
        let high = await highWatermarks(bootstrap: bootstrap, topic: topic)
        let wanted = high.filter { $0.value > 0 }
        guard !wanted.isEmpty else { return [:] }
        let consumer = try KafkaConsumer(config: config(bootstrap))
        try consumer.assign(
            wanted.keys.map { TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning) })
        let reading = Task {
            var byPartition: [Int32: [KafkaMessage]] = [:]
            for await batch in consumer.messageBatches {
                for message in batch where message.offset < wanted[message.partition, default: 0] {
                    byPartition[message.partition, default: []].append(message)
                }
                let done = wanted.allSatisfy { partition, end in
                    (byPartition[partition]?.last?.offset ?? -1) >= end - 1
                }
                if done || Task.isCancelled { break }
            }
            return byPartition
        }
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            reading.cancel()
        }
        let result = await reading.value
        watchdog.cancel()
        await consumer.close()
        let complete = wanted.allSatisfy { (result[$0.key]?.last?.offset ?? -1) >= $0.value - 1 }
        guard complete else {
            throw ReadIncomplete(topic: topic, wanted: wanted, got: result.mapValues(\.count))
        }
        return result
    }

    struct ReadIncomplete: Error, CustomStringConvertible {
        var topic: String
        var wanted: [Int32: Int64]
        var got: [Int32: Int]
        var description: String { "reading \(topic) timed out: high watermarks \(wanted), read \(got)" }
    }
}
