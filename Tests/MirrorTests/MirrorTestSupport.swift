import KafkaClient
import Mirror
import Testing

struct TimedOut: Error {}

/// Runs `body`, failing with `TimedOut` if it takes longer than `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut() }
        return first
    }
}

func quiet(_ bootstrap: String, _ extra: [String: String] = [:]) -> KafkaConfig {
    KafkaConfig(bootstrapServers: bootstrap, ["log_level": "2"]).merging(extra)
}

/// A record as the tests check it on both sides.
struct RecordFacts: Hashable, Sendable {
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
}

/// Produces `count` records with keys, headers and explicit old timestamps, spread over `partitions`.
func produceRecords(
    to bootstrap: String, topic: String, partitions: Int32, range: Range<Int>
) async throws {
    let producer = try KafkaProducer(config: quiet(bootstrap, ["linger.ms": "2"]))
    let handle = try producer.topic(topic)
    let reports = Task {
        var acknowledged = 0
        for await batch in producer.deliveryReports {
            acknowledged += batch.filter(\.isAcknowledged).count
            if acknowledged == range.count { break }
        }
        return acknowledged
    }
    for index in range {
        var headers = [KafkaHeader(key: "index", value: Array("\(index)".utf8))]
        if index % 3 == 0 { headers.append(KafkaHeader(key: "nullable", value: nil)) }
        if index % 5 == 0 { headers.append(KafkaHeader(key: "index", value: [])) }
        try producer.produce(
            to: handle, partition: Int32(index) % partitions, key: index % 7 == 0 ? nil : Array("k\(index)".utf8),
            value: Array("value-\(index)".utf8), headers: headers, timestamp: 1_600_000_000_000 + Int64(index),
            tag: UInt64(index))
    }
    try await producer.flush()
    let acknowledged = try await withTimeout(30) { await reports.value }
    #expect(acknowledged == range.count)
    await producer.close()
}

/// Reads every partition of `topic` from the beginning until `enough` holds (or fails after `seconds`).
func readAll(
    from bootstrap: String, topic: String, partitions: Int32, seconds: Double = 60,
    until enough: @escaping @Sendable ([KafkaMessage]) -> Bool
) async throws -> [KafkaMessage] {
    let consumer = try KafkaConsumer(config: quiet(bootstrap))
    try consumer.assign(
        (0..<partitions).map { TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning) })
    defer { Task { await consumer.close() } }
    return try await withTimeout(seconds) {
        var received: [KafkaMessage] = []
        for await batch in consumer.messageBatches {
            received += batch
            if enough(received) { break }
        }
        return received
    }
}

/// `readAll` from a running mirror's destination; on a timeout the failure says how far the mirror had got
/// (records delivered, partitions assigned, whether it had stopped), so a slow run explains itself.
func readMirrored(
    by mirror: Mirror, running run: Task<MirrorProgress, any Error>, from bootstrap: String, topic: String,
    partitions: Int32, until enough: @escaping @Sendable ([KafkaMessage]) -> Bool
) async throws -> [KafkaMessage] {
    do {
        return try await readAll(from: bootstrap, topic: topic, partitions: partitions, until: enough)
    } catch is TimedOut {
        let progress = await mirror.progress()
        let assigned = progress.partitions.map { "\($0.partition.topic)-\($0.partition.partition)" }
        let outcome = try? await withTimeout(1) { await run.result }
        let ended = outcome.map { "the mirror had ended: \($0)" } ?? "the mirror was still running"
        let report =
            "timed out reading \(topic) from the destination; the mirror had delivered \(progress.records) records, "
            + "retried \(progress.retries), was assigned \(assigned); \(ended)"
        Issue.record(Comment(rawValue: report))
        throw TimedOut()
    }
}

/// Starts a mirror in the background.
func startMirror(_ settings: MirrorSettings) throws -> (Mirror, Task<MirrorProgress, any Error>) {
    let mirror = try Mirror(settings: settings)
    let task = Task { () throws -> MirrorProgress in try await mirror.run() }
    return (mirror, task)
}

func mirrorSettings(source: String, destination: String, group: String, prefix: String = "") throws
    -> MirrorSettings
{
    MirrorSettings(
        source: quiet(source), destination: quiet(destination), filter: try TopicFilter(include: "mirrored.*"),
        renamePrefix: prefix, group: group, metadataIntervalMillis: 1_000, commitIntervalMillis: 200,
        reportIntervalMillis: 500)
}
