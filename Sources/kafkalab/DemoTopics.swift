import KafkaClient
import Logging

/// The demo's topics and the admin work on them: creating, waiting for the mirror to create them on the
/// destination, writing plain records, and counting records by high watermarks.
struct DemoTopics: Sendable {
    /// The tester's topic: stamped records produced into the source, checked on the destination.
    static let checked = "demo.orders"
    /// A mirrored topic that grows partitions during the run. Not the tester's topic on purpose: growing a topic
    /// remaps keys to partitions, and records of one key on two partitions may legitimately arrive out of order.
    static let growing = "demo.side"
    /// Created (and written to) halfway through, to show that the mirror picks up new matching topics.
    static let created = "demo.new"

    let source: KafkaAdmin
    let destination: KafkaAdmin
    let sourceConfig: KafkaConfig
    let replicationFactor: Int32

    init(environment: DemoEnvironment) throws {
        let logger = Logger(label: "kafkalab.demo.admin")
        sourceConfig = environment.sourceConfig()
        source = try KafkaAdmin(config: sourceConfig, timeoutMillis: 15_000, logger: logger)
        destination = try KafkaAdmin(config: environment.destinationConfig(), timeoutMillis: 15_000, logger: logger)
        replicationFactor = Int32(min(3, environment.brokersPerCluster))
    }

    func create(_ name: String, partitions: Int) async throws {
        try await source.createTopics([NewTopic(name: name, partitions: Int32(partitions),
            replicationFactor: replicationFactor)])
    }

    /// Partition count of `topic` on the destination, or nil while it does not exist there. Asks for all topics:
    /// a metadata request naming a missing topic would make a broker with auto-creation create it, with the
    /// default partition count, before the mirror does.
    func destinationPartitions(_ topic: String) async -> Int? {
        guard let metadata = try? await destination.describeCluster(),
            let described = metadata.topics.first(where: { $0.name == topic }), described.error == nil,
            !described.partitions.isEmpty
        else { return nil }
        return described.partitions.count
    }

    /// Waits until the mirror has created `topic` on the destination with at least `partitions` partitions.
    /// Returns the seconds it took; throws after `timeout`.
    @discardableResult
    func waitForDestinationTopic(_ topic: String, partitions: Int, timeout: Duration,
        interrupted: @Sendable () -> Bool = { false }) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if interrupted() { throw DemoInterrupted() }
            if let count = await destinationPartitions(topic), count >= partitions { return (clock.now - start).demoSeconds }
            try? await Task.sleep(for: .milliseconds(250))
        }
        throw DemoError("the mirror did not create '\(topic)' with \(partitions) partitions on the destination "
            + "within \(timeout); see the mirror's log")
    }

    /// Waits until the source's metadata shows `topic` with `partitions` partitions, each with a leader. Writing to
    /// new partitions before that fails at once: the producer's metadata still has the old count, and librdkafka
    /// reports records for a partition it does not know as unknown-partition errors instead of queueing them.
    func waitForSourceLeaders(_ topic: String, partitions: Int, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if let metadata = try? await source.describeCluster(),
                let described = metadata.topics.first(where: { $0.name == topic }), described.error == nil,
                described.partitions.count >= partitions,
                described.partitions.allSatisfy({ $0.error == nil && $0.leader >= 0 })
            {
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        throw DemoError("the source did not show \(partitions) partitions of '\(topic)' with leaders within \(timeout)")
    }

    /// Sum of the high watermarks of `topic`'s partitions on the destination (records, duplicates included).
    func destinationRecords(_ topic: String) async -> Int64? {
        guard let offsets = try? await destination.listOffsets(topic: topic), !offsets.isEmpty else { return nil }
        return offsets.reduce(0) { $0 + $1.high }
    }

    /// Writes `count` small records to `topic` on the source, spread over `partitions` explicitly (so new
    /// partitions get records at once, whatever the producer's metadata says), and waits for every
    /// acknowledgement. Throws if any record was not acknowledged.
    func write(_ count: Int, to topic: String, partitions: Range<Int>) async throws {
        let producer = try KafkaProducer(config: sourceConfig.merging(["acks": "all", "enable.idempotence": "true"]))
        let handle = try producer.topic(topic)
        let reports = Task {
            var failed = 0
            for await batch in producer.deliveryReports { failed += batch.filter { !$0.isAcknowledged }.count }
            return failed
        }
        let partitionList = Array(partitions)
        for index in 0..<count {
            let partition = partitionList.isEmpty ? nil : Int32(partitionList[index % partitionList.count])
            try producer.produce(to: handle, partition: partition, key: Array("side-\(index)".utf8),
                value: Array("demo record \(index) for \(topic)".utf8), tag: UInt64(index))
        }
        try await producer.flush(timeoutMillis: 30_000)
        await producer.close(timeoutMillis: 5_000)
        let failed = await reports.value
        if failed > 0 { throw DemoError("\(failed) of \(count) records to \(topic) were not acknowledged") }
    }

    /// Waits until the destination's `topic` has at least `partitions` partitions and `records` records.
    /// Returns the seconds it took, or nil after `timeout`.
    func waitForMirrored(_ topic: String, partitions: Int, records: Int64, timeout: Duration) async -> Double? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if let count = await destinationPartitions(topic), count >= partitions,
                let mirrored = await destinationRecords(topic), mirrored >= records
            {
                return (clock.now - start).demoSeconds
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }
}

struct DemoError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var demoSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
