import KafkaClient
import Testing

@Suite(.serialized) struct AdminTests {
    @Test func describesBrokersTopicsAndWatermarks() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("described", partitions: 4, replicationFactor: 3)
        let admin = try KafkaAdmin(config: quietConfig(cluster.bootstrapServers), timeoutMillis: 10_000)
        let metadata = try await admin.describeCluster(topics: ["described"])
        #expect(metadata.brokers.map(\.id).sorted() == [1, 2, 3])
        let topic = try #require(metadata.topics.first)
        #expect(topic.name == "described")
        #expect(topic.partitions.map(\.id) == [0, 1, 2, 3])
        #expect(topic.partitions.allSatisfy { $0.replicas.count == 3 && $0.isr.count == 3 })
        #expect(topic.replicationFactor == 3)

        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers))
        for _ in 0..<5 { try await producer.send(topic: "described", partition: 2, value: [0]) }
        await producer.close()
        let offsets = try await admin.listOffsets(topic: "described")
        #expect(offsets.first { $0.partition == 2 }?.high == 5)
        #expect(offsets.first { $0.partition == 0 }?.high == 0)
        #expect(try await admin.listTopics().contains("described"))
    }

    @Test func adminFailuresAreTypedErrorsNotCrashes() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let admin = try KafkaAdmin(config: quietConfig(cluster.bootstrapServers), timeoutMillis: 3_000)
        // Invalid arguments are rejected by librdkafka before anything is sent.
        await #expect(throws: KafkaError.self) {
            try await admin.createTopics([NewTopic(name: "", partitions: 0, replicationFactor: 0)])
        }
        await #expect(throws: KafkaError.self) { try await admin.createPartitions(topic: "nope", totalPartitions: 0) }
    }
}
