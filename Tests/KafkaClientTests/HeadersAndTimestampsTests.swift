import KafkaClient
import Testing

@Suite(.serialized) struct HeadersAndTimestampsTests {
    @Test func headersAndTimestampsRoundTrip() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        try cluster.createTopic("headers", partitions: 2)
        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers))
        let topic = try producer.topic("headers")
        let reports = Task {
            var all: [DeliveryReport] = []
            for await batch in producer.deliveryReports {
                all += batch
                if all.count == 2 { break }
            }
            return all
        }
        let headers = [
            KafkaHeader(key: "a", value: bytes("1")), KafkaHeader(key: "null", value: nil),
            KafkaHeader(key: "empty", value: []), KafkaHeader(key: "a", value: bytes("2")),
        ]
        try producer.produce(
            to: topic, partition: 1, key: bytes("k"), value: bytes("v"), headers: headers, timestamp: 1_234_567,
            tag: 1)
        try producer.produce(to: topic, partition: 0, key: nil, value: [], headers: [], timestamp: nil, tag: 2)
        try await producer.flush()
        let delivered = try await withTimeout(30) { await reports.value }
        #expect(delivered.allSatisfy { $0.isAcknowledged })
        // The mock broker answers with a fixed LogAppendTime, so only the presence of a timestamp is checked here.
        #expect(delivered.first { $0.tag == 1 }?.timestamp != nil)

        let consumer = try KafkaConsumer(config: quietConfig(cluster.bootstrapServers))
        try consumer.assign([
            TopicPartitionOffset(topic: "headers", partition: 0, offset: TopicPartitionOffset.beginning),
            TopicPartitionOffset(topic: "headers", partition: 1, offset: TopicPartitionOffset.beginning),
        ])
        let messages = try await collect(2, from: consumer)
        let first = try #require(messages.first { $0.partition == 1 })
        #expect(first.headers == headers)
        #expect(first.timestamp == 1_234_567)
        let second = try #require(messages.first { $0.partition == 0 })
        #expect(second.headers.isEmpty)
        #expect(second.key == nil)
        let watermarks = consumer.cachedWatermarks(topic: "headers", partition: 1)
        #expect(watermarks?.high == 1)
        #expect(consumer.cachedWatermarks(topic: "no-such-topic", partition: 0) == nil)
        await consumer.close()
        await producer.close()
    }

    @Test func hostileArgumentsAreRejectedNotCrashed() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers))
        let topic = try producer.topic("t")
        #expect(throws: KafkaError.self) {
            try producer.produce(to: topic, key: nil, value: [], headers: [], timestamp: -5, tag: 1)
        }
        #expect(throws: KafkaError.self) {
            try producer.produce(to: topic, key: nil, value: [], headers: [], timestamp: nil, tag: 1 << 63)
        }
        // A header name with a NUL byte must not be truncated into another header's name silently or crash.
        try producer.produce(
            to: topic, key: nil, value: [], headers: [KafkaHeader(key: "a\u{0}b", value: [0, 1])], timestamp: nil,
            tag: 2)
    }
}
