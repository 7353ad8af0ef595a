import KafkaClient
import Testing

@Suite(.serialized) struct ProducerConsumerTests {
    @Test func awaitedSendsRoundTripThroughManualAssign() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("round-trip", partitions: 2)
        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers))
        for index in 0..<20 {
            let report = try await producer.send(
                topic: "round-trip", partition: Int32(index % 2), key: bytes("k\(index)"), value: bytes("v\(index)"))
            #expect(report.offset == Int64(index / 2))
            #expect(report.partition == Int32(index % 2))
        }
        await producer.close()

        let consumer = try KafkaConsumer(config: quietConfig(cluster.bootstrapServers))
        try consumer.assign([
            TopicPartitionOffset(topic: "round-trip", partition: 0, offset: TopicPartitionOffset.beginning),
            TopicPartitionOffset(topic: "round-trip", partition: 1, offset: TopicPartitionOffset.beginning),
        ])
        let messages = try await collect(20, from: consumer)
        await consumer.close()
        #expect(messages.count == 20)
        let values = Set(messages.map { String(decoding: $0.value, as: UTF8.self) })
        #expect(values == Set((0..<20).map { "v\($0)" }))
        for message in messages {
            let key = String(decoding: message.key ?? [], as: UTF8.self)
            #expect(key.dropFirst() == String(decoding: message.value, as: UTF8.self).dropFirst())
            #expect(message.topic == "round-trip")
        }
    }

    @Test func fireAndForgetReportsEveryTagInBulk() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("bulk", partitions: 4)
        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers, ["linger.ms": "5"]))
        let topic = try producer.topic("bulk")
        let total = 5_000
        let reports = Task {
            var tags = Set<UInt64>()
            for await batch in producer.deliveryReports {
                for report in batch where report.isAcknowledged { tags.insert(report.tag) }
                if tags.count == total { break }
            }
            return tags
        }
        for index in 0..<total {
            try producer.produce(
                to: topic, key: bytes("key-\(index % 100)"), value: bytes("\(index)"), tag: UInt64(index))
        }
        try await producer.flush()
        let tags = try await withTimeout(30) { await reports.value }
        #expect(tags == Set((0..<total).map(UInt64.init)))
        await producer.close()
    }

    @Test func reservedTagBitIsRejected() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers))
        let topic = try producer.topic("t")
        #expect(throws: KafkaError.self) {
            try producer.produce(to: topic, key: nil, value: [1], tag: 1 << 63)
        }
    }

    @Test func groupSubscribeCommitAndSeek() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("grouped", partitions: 3)
        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers))
        for index in 0..<30 {
            try await producer.send(topic: "grouped", key: bytes("k\(index % 7)"), value: bytes("\(index)"))
        }
        await producer.close()

        let config = quietConfig(
            cluster.bootstrapServers,
            ["group.id": "g1", "auto.offset.reset": "earliest", "enable.auto.commit": "false"])
        let consumer = try KafkaConsumer(config: config)
        try consumer.subscribe(topics: ["grouped"])
        let messages = try await collect(30, from: consumer)
        #expect(messages.count == 30)
        let next = Dictionary(grouping: messages, by: \.partition).map { partition, list in
            TopicPartitionOffset(topic: "grouped", partition: partition, offset: (list.map(\.offset).max() ?? -1) + 1)
        }
        try await consumer.commit(next)
        let committed = try await consumer.committed(
            next.map { TopicPartitionOffset(topic: $0.topic, partition: $0.partition) })
        #expect(Set(committed) == Set(next))

        // Rewind one partition to its start: its records come again.
        let first = try #require(next.first)
        try await consumer.seek([TopicPartitionOffset(topic: "grouped", partition: first.partition, offset: 0)])
        let again = try await collect(Int(first.offset), from: consumer)
        #expect(again.allSatisfy { $0.partition == first.partition })
        #expect(again.map(\.offset) == Array(0..<first.offset))
        await consumer.close()
    }
}
