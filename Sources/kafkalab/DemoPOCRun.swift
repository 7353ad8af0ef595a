import Foundation
import KafkaClient
import Report
import Tester

/// `--scenario mirrormaker-poc`: the questions a MirrorMaker proof of concept asks. How long do 1,000 and 10,000
/// records of 24 KB take to produce, and until the last one is mirrored? Does the mirror hold 100, 200 and 400
/// records/s, and does everything arrive?
struct DemoPOCRun: Sendable {
    let settings: DemoSettings
    let environment: DemoEnvironment
    let stop: StopSignal

    static let recordSize = 24 * 1024
    static let bursts = [1_000, 10_000]
    static let rates: [Double] = [100, 200, 400]
    static let stagesTopic = "demo.poc-stages"
    static func burstTopic(_ count: Int) -> String { "demo.poc-\(count)" }

    func run() async throws -> DemoFinal {
        printLine("KafkaLab demo, MirrorMaker PoC: bursts of \(Self.bursts.map(String.init).joined(separator: " and ")) "
            + "records of 24 KB, then \(Self.rates.map { format1($0) }.joined(separator: ", ")) records/s for "
            + "\(format1(settings.stageDuration)) s each. Files: \(settings.directory)")
        try await environment.startClusters(progress: { printLine($0) })
        if stop.isTriggered { throw DemoInterrupted() }
        let topics = try DemoTopics(environment: environment)
        let names = Self.bursts.map(Self.burstTopic) + [Self.stagesTopic]
        for name in names { try await topics.create(name, partitions: 3) }
        try environment.startMirror()
        printLine("Mirror started (pid \(environment.mirrorPID ?? 0), log \(environment.mirrorLog))")
        let stop = self.stop
        for name in names {
            try await topics.waitForDestinationTopic(name, partitions: 3, timeout: .seconds(90),
                interrupted: { stop.isTriggered })
        }
        var bursts: [DemoBurstResult] = []
        for count in Self.bursts where !stop.isTriggered {
            let result = try await burst(count, topics: topics)
            printLine("burst \(count): produced in \(format1(result.produceSeconds)) s, last mirrored after "
                + (result.mirroredSeconds.map { "\(format1($0)) s" } ?? "never (timeout)"))
            bursts.append(result)
        }
        var stages: [DemoStageResult] = []
        for rate in Self.rates where !stop.isTriggered {
            printLine("stage \(format1(rate)) records/s for \(format1(settings.stageDuration)) s ...")
            stages.append(try await stage(rate: rate))
        }
        return try DemoPOCReport(settings: settings, bursts: bursts, stages: stages, interrupted: stop.isTriggered,
            sourceBootstrap: environment.sourceBootstrap, destinationBootstrap: environment.destinationBootstrap)
            .write()
    }

    /// Produces `count` records as fast as the client takes them and waits for every acknowledgement; meanwhile
    /// watches the destination until the mirror has copied them all.
    private func burst(_ count: Int, topics: DemoTopics) async throws -> DemoBurstResult {
        let topic = Self.burstTopic(count)
        let producer = try KafkaProducer(config: environment.sourceConfig(["acks": "all", "enable.idempotence": "true",
            "linger.ms": "5"]))
        let handle = try producer.topic(topic)
        let reports = Task {
            var failed = 0
            for await batch in producer.deliveryReports { failed += batch.filter { !$0.isAcknowledged }.count }
            return failed
        }
        let value = [UInt8](repeating: UInt8(ascii: "k"), count: Self.recordSize)
        let clock = ContinuousClock()
        let start = clock.now
        let watcher = Task {
            await topics.waitForMirrored(topic, partitions: 3, records: Int64(count), timeout: .seconds(600))
        }
        for index in 0..<count {
            try await Self.enqueue(value, index: index, producer: producer, topic: handle)
        }
        try await producer.flush(timeoutMillis: 300_000)
        let produced = (clock.now - start).demoSeconds
        await producer.close(timeoutMillis: 5_000)
        let failed = await reports.value
        // The watcher started with the first record, so its time is the time until the last one was mirrored.
        let mirrored = await watcher.value
        return DemoBurstResult(records: count, recordBytes: Self.recordSize, produceSeconds: produced,
            mirroredSeconds: mirrored, failed: failed)
    }

    /// Hands one record to the client, backing off while its queue is full.
    private static func enqueue(_ value: [UInt8], index: Int, producer: KafkaProducer, topic: ProducerTopic)
        async throws(KafkaError)
    {
        let key = Array("poc-\(index)".utf8)
        var attempt = 0
        repeat {
            do throws(KafkaError) {
                try producer.produce(to: topic, key: key, value: value, tag: UInt64(index))
                return
            } catch {
                guard error.isQueueFull else { throw error }
            }
            attempt += 1
            try? await Task.sleep(for: .milliseconds(2))
        } while attempt < 1_000_000
        throw KafkaError.client("the producer queue stayed full")
    }

    private func stage(rate: Double) async throws -> DemoStageResult {
        var options = TestOptions(produceConfig: environment.sourceConfig(["acks": "all", "enable.idempotence": "true"]),
            consumeConfig: environment.destinationConfig(), topic: Self.stagesTopic,
            runId: UInt64.random(in: 1...UInt64.max))
        options.rate = rate
        options.duration = settings.stageDuration
        options.messageSize = Self.recordSize
        options.failOnDuplicates = false
        options.drainTimeout = 60
        options.stop = stop
        let label = "stage \(Int(rate))/s"
        let results = try await TestRun(options: options, logger: testerLogger, output: { line in
            if let live = TesterLiveLine(parsing: line) {
                printLine(demoLiveLine(live, lastFault: label))
            } else {
                printLine("tester: \(line)")
            }
        }).run()
        return DemoStageResult(targetRate: rate, results: results)
    }
}

struct DemoBurstResult: Sendable, Codable {
    var records: Int
    var recordBytes: Int
    /// From the first record handed to the client until every one was acknowledged by the source.
    var produceSeconds: Double
    /// From the first record until the destination held them all; nil if it never did within the timeout.
    var mirroredSeconds: Double?
    /// Records the source did not acknowledge.
    var failed: Int

    var passed: Bool { failed == 0 && mirroredSeconds != nil }
}

struct DemoStageResult: Sendable, Codable {
    var targetRate: Double
    var results: TestResults

    var achievedRate: Double { results.elapsedSeconds > 0 ? Double(results.sent) / results.elapsedSeconds : 0 }
    /// Held = the producers sent at least 90% of the target rate.
    var held: Bool { achievedRate >= 0.9 * targetRate }
    /// Arrived = every acknowledged record reached the destination.
    var arrived: Bool { results.acknowledged > 0 && results.counts.lost == 0 && results.counts.corrupt == 0 }
}
