import KafkaClient
import Testing

@Suite(.serialized) struct OffsetStoreTests {
    /// A batch counts as processed only when the next one is requested, so a commit never covers records the
    /// application has not finished with.
    @Test func commitCoversOnlyFinishedBatches() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        try cluster.createTopic("stored", partitions: 1)
        let producer = try KafkaProducer(config: quietConfig(cluster.bootstrapServers))
        for index in 0..<10 { try await producer.send(topic: "stored", value: bytes("\(index)")) }
        let consumer = try KafkaConsumer(
            config: quietConfig(
                cluster.bootstrapServers,
                ["group.id": "store", "auto.offset.reset": "earliest", "enable.auto.commit": "false"]))
        try consumer.subscribe(topics: ["stored"])
        let committed = try await withTimeout(30) {
            var iterator = consumer.messageBatches.makeAsyncIterator()
            var total = 0
            while total < 10, let batch = await iterator.next() { total += batch.count }
            try await producer.send(topic: "stored", value: bytes("10"))
            while total < 11, let batch = await iterator.next() { total += batch.count }
            // Batches up to offset 9 are finished; the one holding offset 10 is still in the application's hands.
            try await consumer.commit()
            return try await consumer.committed([TopicPartitionOffset(topic: "stored", partition: 0)])
        }
        #expect(committed.map(\.offset) == [10])
        await consumer.close()
        await producer.close()
    }
}
