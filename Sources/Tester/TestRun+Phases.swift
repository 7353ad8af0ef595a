import KafkaClient
import Logging

extension TestRun {
    func partitionCount(config: KafkaConfig, topic: String) async throws -> Int {
        let admin = try KafkaAdmin(config: config, timeoutMillis: 15_000, logger: logger)
        let metadata = try await admin.describeCluster(topics: [topic])
        guard let described = metadata.topics.first(where: { $0.name == topic }), described.error == nil,
            !described.partitions.isEmpty
        else {
            let reason = metadata.topics.first?.error?.description ?? "no partitions"
            throw TesterError(
                "topic '\(topic)' is not usable on \(config["bootstrap.servers"] ?? "?"): \(reason); "
                    + "create it first (kafkalab topics --create)")
        }
        return described.partitions.count
    }

    /// Starts the consumers and waits (up to 30 s) until the group has handed out every partition, so that no
    /// record is produced before someone reads its partition.
    func startConsumers(checkers: [SharedChecker], stats: LiveStats, skipPreexisting: Bool = true) async throws
        -> [(TesterConsumer, Task<Void, Never>)]
    {
        let topic = consumeTopic
        let admin = try KafkaAdmin(config: options.consumeConfig, timeoutMillis: 15_000, logger: logger)
        var startOffsets: [Int32: Int64] = [:]
        if skipPreexisting {
            for offsets in try await admin.listOffsets(topic: topic) { startOffsets[offsets.partition] = offsets.high }
        }
        let partitions = try await partitionCount(config: options.consumeConfig, topic: topic)
        var consumers: [(TesterConsumer, Task<Void, Never>)] = []
        let base = options.group ?? "kafkalab-test-\(options.runId)-\(wallClockMicros())"
        for index in 0..<max(options.consumers, 1) {
            let fanout = options.consumerMode == .fanout
            let group = fanout ? "\(base)-\(index)" : base
            let config = KafkaConfig(["auto.offset.reset": "earliest", "enable.partition.eof": "false"])
                .merging(options.consumeConfig.properties).merging(["group.id": group])
            let consumer = try TesterConsumer(
                config: config, topic: topic, checker: checkers[fanout ? index : 0], stats: stats,
                startOffsets: startOffsets, logger: logger)
            consumers.append((consumer, Task { await consumer.run() }))
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(30))
        while clock.now < deadline {
            var assigned: [Int] = []
            for (consumer, _) in consumers { assigned.append(await consumer.assignedPartitions()) }
            let ready =
                options.consumerMode == .group
                ? assigned.reduce(0, +) >= partitions : assigned.allSatisfy { $0 >= partitions }
            if ready { return consumers }
            try? await Task.sleep(for: .milliseconds(100))
        }
        output("warning: consumers were not assigned every partition within 30 s; producing anyway")
        return consumers
    }

    struct Production {
        var expectations: [StreamID: StreamExpectation]
        var sent: UInt64
        var elapsed: Double
    }

    func produce(partitions: Int, stats: LiveStats) async throws -> Production {
        let keyCount = options.keyCount(partitions: partitions)
        var producers: [TesterProducer] = []
        for index in 0..<max(options.producers, 1) {
            let config = KafkaConfig(["linger.ms": "5"]).merging(options.produceConfig.properties)
            producers.append(
                try TesterProducer(
                    producerId: UInt32(index), runId: options.runId, config: config, topic: options.topic,
                    keyCount: keyCount, messageSize: options.messageSize, stats: stats, logger: logger))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let duration = options.duration ?? (options.count == nil ? 10 : nil)
        let deadline = duration.map { start.advanced(by: .seconds($0)) }
        let ledgers = await withTaskGroup(of: AckLedger.self) { group in
            for (index, producer) in producers.enumerated() {
                let count = options.count(forProducer: index)
                group.addTask {
                    await producer.run(rate: options.rate, count: count, until: deadline, stop: options.stop)
                }
            }
            return await group.reduce(into: [AckLedger]()) { $0.append($1) }
        }
        let elapsed = (clock.now - start).seconds
        var expectations: [StreamID: StreamExpectation] = [:]
        for ledger in ledgers { expectations.merge(ledger.expectations()) { first, _ in first } }
        let sent = ledgers.reduce(0) { $0 + $1.sent }
        if let rate = options.rate, elapsed > 0 {
            let achieved = Double(sent) / Double(producers.count) / elapsed
            if achieved < rate * 0.9 {
                output("warning: achieved \(format(achieved)) records/s per producer, below 90% of the \(rate) target")
            }
        }
        return Production(expectations: expectations, sent: sent, elapsed: elapsed)
    }

    /// Waits until every checker has every acknowledged record, or `drainTimeout` passes.
    func drain(checkers: [SharedChecker], expectations: [StreamID: StreamExpectation]) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(options.drainTimeout))
        while clock.now < deadline {
            if checkers.allSatisfy({ $0.snapshot.isComplete(expectations: expectations) }) { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        output("warning: not every acknowledged record arrived within \(options.drainTimeout) s")
    }
}
