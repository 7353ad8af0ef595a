import ArgumentParser
import Foundation
import KafkaClient
import Synchronization

/// `kafkalab consume`: a console consumer, like kafka-console-consumer.sh.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print records (like kafka-console-consumer.sh).",
        discussion: """
            Without --group, reads every partition directly (no group); with --group, joins the group and resumes
            from its committed offsets.
            Example:
              kafkalab consume --bootstrap-server 127.0.0.1:9092 --topic T --from-beginning \\
                --max-messages 10 --print-key
            """)

    @Option(help: "Broker list, host:port[,host:port].") var bootstrapServer: String?
    @Option(help: "The topic.") var topic: String
    @Option(help: "Consumer group; committed offsets are used and advanced.") var group: String?
    @Flag(help: "Start at the earliest offset when there is no committed one.") var fromBeginning = false
    @Option(help: "Read only this partition (without --group).") var partition: Int32?
    @Option(help: "Start at this offset (with --partition).") var offset: Int64?
    @Option(help: "Exit after this many records.") var maxMessages: Int?
    @Option(help: "Exit when no record arrived for this long (ms).") var timeoutMs: Int?
    @Flag(help: "Print keys.") var printKey = false
    @Flag(help: "Print partitions.") var printPartition = false
    @Flag(help: "Print offsets.") var printOffset = false
    @Flag(help: "Print timestamps.") var printTimestamp = false
    @Option(help: "Separator between key and value.") var keySeparator = "\t"
    @OptionGroup var client: ClientOptions

    func validate() throws {
        if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be at least 1") }
        if offset != nil && partition == nil { throw ValidationError("--offset needs --partition") }
        if group != nil && partition != nil { throw ValidationError("--partition cannot be used with --group") }
    }

    func run() async throws {
        var config = try client.config(bootstrap: bootstrapServer)
        config["auto.offset.reset"] = config["auto.offset.reset"] ?? (fromBeginning ? "earliest" : "latest")
        if let group { config["group.id"] = group }
        let consumer = try KafkaConsumer(config: config)
        if group != nil {
            try consumer.subscribe(topics: [topic])
        } else {
            try await assignPartitions(consumer, config: config)
        }
        let idle = timeoutMs.map { IdleWatch(timeoutMillis: Int64($0), consumer: consumer) }
        var printed = 0
        for await message in consumer.messages {
            idle?.touch()
            print(format(message))
            printed += 1
            if let maxMessages, printed >= maxMessages { break }
        }
        idle?.cancel()
        await consumer.close()
        printError("Processed a total of \(printed) messages")
    }

    private func assignPartitions(_ consumer: KafkaConsumer, config: KafkaConfig) async throws {
        let start = offset ?? (fromBeginning ? TopicPartitionOffset.beginning : TopicPartitionOffset.end)
        let partitions: [Int32]
        if let partition {
            partitions = [partition]
        } else {
            let admin = try KafkaAdmin(config: config)
            let metadata = try await admin.describeCluster(topics: [topic])
            guard let described = metadata.topics.first, described.error == nil else {
                throw ValidationError("topic \(topic): \(metadata.topics.first?.error?.description ?? "not found")")
            }
            partitions = described.partitions.map(\.id)
        }
        try consumer.assign(partitions.map { TopicPartitionOffset(topic: topic, partition: $0, offset: start) })
    }

    private func format(_ message: KafkaMessage) -> String {
        var fields: [String] = []
        if printTimestamp { fields.append(message.timestamp.map { "CreateTime:\($0)" } ?? "NO_TIMESTAMP") }
        if printPartition { fields.append("Partition:\(message.partition)") }
        if printOffset { fields.append("Offset:\(message.offset)") }
        var text = fields.joined(separator: "\t")
        if !fields.isEmpty { text += "\t" }
        if printKey { text += (message.key.map { String(decoding: $0, as: UTF8.self) } ?? "null") + keySeparator }
        return text + String(decoding: message.value, as: UTF8.self)
    }
}

/// Closes a consumer (ending its message sequence) once no record arrived for `timeoutMillis`.
final class IdleWatch: Sendable {
    private let lastActivityMicros = Atomic<Int64>(wallClockMicros())
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(timeoutMillis: Int64, consumer: KafkaConsumer) {
        let watcher = Task { [lastActivityMicros = UnsafeAtomicReader(self)] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                if wallClockMicros() - lastActivityMicros.value > timeoutMillis * 1000 {
                    await consumer.close()
                    return
                }
            }
        }
        task.withLock { $0 = watcher }
    }

    func touch() { lastActivityMicros.store(wallClockMicros(), ordering: .relaxed) }
    var last: Int64 { lastActivityMicros.load(ordering: .relaxed) }

    func cancel() { task.withLock { $0?.cancel() } }
}

/// Reads an `IdleWatch`'s clock weakly, so the watcher task does not keep it alive.
private struct UnsafeAtomicReader: Sendable {
    weak var watch: IdleWatch?
    init(_ watch: IdleWatch) { self.watch = watch }
    var value: Int64 { watch?.last ?? wallClockMicros() }
}
