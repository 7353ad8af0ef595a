import KafkaClient
import Mirror
import Testing

/// End to end between two librdkafka mock clusters (topics pre-created: the mock serves no CreateTopics).
@Suite(.serialized) struct MockMirrorTests {
    @Test func recordsArriveIdenticallyInTheSamePartition() async throws {
        let source = try MockKafkaCluster(brokers: 1)
        let destination = try MockKafkaCluster(brokers: 1)
        try source.createTopic("mirrored-a", partitions: 3)
        try source.createTopic("skipped", partitions: 1)
        try destination.createTopic("dc.mirrored-a", partitions: 3)
        try await produceRecords(to: source.bootstrapServers, topic: "mirrored-a", partitions: 3, range: 0..<300)

        let settings = try mirrorSettings(
            source: source.bootstrapServers, destination: destination.bootstrapServers, group: "g1", prefix: "dc.")
        let (mirror, run) = try startMirror(settings)
        let copied = try await readMirrored(
            by: mirror, running: run, from: destination.bootstrapServers, topic: "dc.mirrored-a", partitions: 3,
            until: { $0.count >= 300 })
        mirror.stop()
        let final = try await withTimeout(60) { try await run.value }

        let original = try await readAll(
            from: source.bootstrapServers, topic: "mirrored-a", partitions: 3, until: { $0.count >= 300 })
        #expect(copied.count == 300)
        #expect(Set(copied.map(RecordFacts.init)) == Set(original.map(RecordFacts.init)))
        // Per partition, the copy keeps the source order.
        for partition in Int32(0)..<3 {
            #expect(
                copied.filter { $0.partition == partition }.map(\.value)
                    == original.filter { $0.partition == partition }.sorted { $0.offset < $1.offset }.map(\.value))
        }
        let sample = try #require(copied.first { $0.value == Array("value-15".utf8) })
        #expect(sample.headers.count == 3)
        #expect(sample.headers[1] == KafkaHeader(key: "nullable", value: nil))
        #expect(sample.headers[2] == KafkaHeader(key: "index", value: []))
        #expect(sample.timestamp == 1_600_000_000_015)
        #expect(sample.partition == 0)
        #expect(final.records == 300)
        #expect(final.totalLatency.count == 300)
        #expect(final.summary.contains("mirrored 300 records"))
    }

    @Test func aRestartedMirrorResumesFromCommittedOffsets() async throws {
        let source = try MockKafkaCluster(brokers: 1)
        let destination = try MockKafkaCluster(brokers: 1)
        try source.createTopic("mirrored-r", partitions: 2)
        try destination.createTopic("mirrored-r", partitions: 2)
        try await produceRecords(to: source.bootstrapServers, topic: "mirrored-r", partitions: 2, range: 0..<400)
        let settings = try mirrorSettings(
            source: source.bootstrapServers, destination: destination.bootstrapServers, group: "g2")

        let (first, firstRun) = try startMirror(settings)
        _ = try await readMirrored(
            by: first, running: firstRun, from: destination.bootstrapServers, topic: "mirrored-r", partitions: 2,
            until: { $0.count >= 100 })
        first.stop()
        let firstResult = try await withTimeout(60) { try await firstRun.value }
        #expect(firstResult.records >= 100)

        try await produceRecords(to: source.bootstrapServers, topic: "mirrored-r", partitions: 2, range: 400..<600)
        let (second, secondRun) = try startMirror(settings)
        let copied = try await readMirrored(
            by: second, running: secondRun, from: destination.bootstrapServers, topic: "mirrored-r", partitions: 2,
            until: { Set($0.map(\.value)).count >= 600 })
        second.stop()
        let secondResult = try await withTimeout(60) { try await secondRun.value }

        let values = copied.map { String(decoding: $0.value, as: UTF8.self) }
        #expect(Set(values) == Set((0..<600).map { "value-\($0)" }))
        let duplicates = values.count - Set(values).count
        // A drained stop commits everything acknowledged, so the second run starts where the first ended.
        #expect(duplicates == 0)
        #expect(firstResult.records + secondResult.records == Int64(values.count))
    }
}
