import ArgumentParser
import KafkaClient
import Tester

/// `kafkalab perf`: kafka-producer-perf-test and kafka-consumer-perf-test.
struct PerfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perf",
        abstract: "Producer and consumer throughput tests with Kafka's perf-test output.",
        subcommands: [PerfProduceCommand.self, PerfConsumeCommand.self])
}

struct PerfProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce", abstract: "Like kafka-producer-perf-test.",
        discussion:
            """
            Example:
              kafkalab perf produce --bootstrap-server 127.0.0.1:9092 --topic T --num-records 100000 \\
                --record-size 100 --throughput -1
            """
    )

    @Option(help: "Broker list.") var bootstrapServer: String?
    @Option(help: "The topic.") var topic: String
    @Option(help: "Records to send.") var numRecords: UInt64
    @Option(help: "Record size in bytes.") var recordSize: Int = 100
    @Option(parsing: .unconditional, help: "Records per second; -1 for no limit.") var throughput: Double = -1
    @Option(help: ArgumentHelp("Producer properties (repeatable).", valueName: "key=value")) var producerProps:
        [String] = []
    @OptionGroup var client: ClientOptions

    func validate() throws {
        guard recordSize >= 0, recordSize <= 100_000_000 else { throw ValidationError("--record-size out of range") }
        guard throughput == -1 || throughput > 0 else { throw ValidationError("--throughput must be positive or -1") }
    }

    func run() async throws {
        let config = try client.config(bootstrap: bootstrapServer).merging(
            try parseAssignments(producerProps, flag: "--producer-props"))
        let producer = try KafkaProducer(config: config)
        let target = try producer.topic(topic)
        let start = ContinuousClock.now
        let stats = Task { await Self.collectReports(producer, recordSize: recordSize, start: start) }
        try await send(producer, target, start: start)
        try await producer.flush(timeoutMillis: 120_000)
        await producer.close()
        let (final, failed) = await stats.value
        print(final.finalLine(nowNanos: elapsedNanos(since: start)))
        if failed > 0 {
            printError("\(failed) records failed")
            throw ExitCode(1)
        }
    }

    /// Enqueues every record, paced by a token bucket when --throughput is set.
    private func send(_ producer: KafkaProducer, _ target: ProducerTopic, start: ContinuousClock.Instant) async throws {
        let payload = (0..<recordSize).map { UInt8(truncatingIfNeeded: 65 + $0 % 26) }
        var bucket = throughput > 0 ? TokenBucket(rate: throughput, nowNanos: 0) : nil
        var sent: UInt64 = 0
        while sent < numRecords {
            var permits = Int(min(1024, numRecords - sent))
            if var current = bucket {
                let now = elapsedNanos(since: start)
                permits = current.take(nowNanos: now, limit: permits)
                let wait = current.nanosUntilNext(nowNanos: now)
                bucket = current
                if permits == 0 {
                    try await Task.sleep(for: .nanoseconds(Int64(max(wait, 100_000))))
                    continue
                }
            }
            for _ in 0..<permits {
                while true {
                    do {
                        try producer.produce(to: target, key: nil, value: payload, tag: sent)
                        break
                    } catch  where error.isQueueFull {
                        try await Task.sleep(for: .milliseconds(1))
                    } catch {
                        throw error
                    }
                }
                sent += 1
            }
        }
    }

    private static func collectReports(
        _ producer: KafkaProducer, recordSize: Int, start: ContinuousClock.Instant
    ) async -> (PerfStats, Int) {
        var stats = PerfStats(nowNanos: 0)
        var failed = 0
        for await batch in producer.deliveryReports {
            for report in batch {
                if report.isAcknowledged {
                    stats.record(latencyMicros: report.latencyMicros, bytes: recordSize)
                } else {
                    failed += 1
                }
            }
            if let line = stats.windowLine(nowNanos: elapsedNanos(since: start)) { print(line) }
        }
        return (stats, failed)
    }
}

struct PerfConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume", abstract: "Like kafka-consumer-perf-test.",
        discussion: "Example: kafkalab perf consume --bootstrap-server 127.0.0.1:9092 --topic T --messages 100000")

    @Option(help: "Broker list.") var bootstrapServer: String?
    @Option(help: "The topic.") var topic: String
    @Option(help: "Records to consume.") var messages: UInt64
    @Option(help: "Consumer group (default: a fresh one).") var group: String?
    @Option(help: "Give up after this long without records (ms).") var timeout: Int = 10_000
    @Flag(help: "Skip the CSV header.") var hideHeader = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        var config = try client.config(bootstrap: bootstrapServer)
        config["group.id"] = group ?? "perf-consumer-\(wallClockMicros())"
        config["auto.offset.reset"] = config["auto.offset.reset"] ?? "earliest"
        let consumer = try KafkaConsumer(config: config)
        try consumer.subscribe(topics: [topic])
        let startMillis = wallClockMicros() / 1000
        var firstMillis: Int64?
        var count: UInt64 = 0
        var bytes: UInt64 = 0
        var lastMillis = startMillis
        // Closing the consumer ends the loop below when records stop coming.
        let idle = IdleWatch(timeoutMillis: Int64(timeout), consumer: consumer)
        for await batch in consumer.messageBatches {
            lastMillis = wallClockMicros() / 1000
            idle.touch()
            if firstMillis == nil { firstMillis = lastMillis }
            count += UInt64(batch.count)
            bytes += batch.reduce(0) { $0 + UInt64($1.value.count + ($1.key?.count ?? 0)) }
            if count >= messages { break }
        }
        idle.cancel()
        await consumer.close()
        if count < messages {
            printError(
                "WARNING: Exiting before consuming the expected number of messages: timeout (\(timeout) ms) exceeded.")
        }
        if !hideHeader { print(ConsumerPerfSummary.header) }
        print(
            ConsumerPerfSummary(
                startMillis: startMillis, endMillis: lastMillis, bytes: bytes, messages: count,
                rebalanceMillis: (firstMillis ?? lastMillis) - startMillis
            ).row)
    }
}

func elapsedNanos(since start: ContinuousClock.Instant) -> UInt64 {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return UInt64(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
}
