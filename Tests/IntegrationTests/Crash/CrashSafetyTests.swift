import Foundation
import KafkaWire
import Lab
import SeededRandom
import Testing

extension IntegrationSuite {
    /// kill -9 during heavy pipelined produce, restart, and prove that nothing acknowledged was lost, nothing torn
    /// is served, and offsets stay contiguous. Twenty crashes in a row, on the same data.
    @Suite(.timeLimit(.minutes(5)))
    struct CrashSafetyTests {
        static let topic = "crash"
        static let partitions: Int32 = 4
        static let iterations = 20

        @Test func acknowledgedRecordsSurviveKillNine() async throws {
            let seed = SeededGenerator.seedFromEnvironment()
            print("[crash] seed \(seed) (replay with KAFKALAB_FUZZ_SEED=\(seed))")
            var rng = SeededGenerator(seed: seed)
            // Small segments so that crashes land in rolled logs too; a short session so that the restarted broker
            // is not kept waiting for its previous life's ZooKeeper session.
            var properties = RobustnessSettings.properties
            properties["log.segment.bytes"] = "131072"
            try await withCluster("crash", sessionTimeoutMs: 2000, properties: properties) { cluster in
                let port = try await cluster.port()
                try await WireAdmin.createTopicAndWait(port: port, name: Self.topic, partitions: Self.partitions)
                let ledger = CrashLedger()
                let logFile = await cluster.brokerLogFile()
                let dataDirectory = await cluster.dataDirectory()
                for iteration in 0..<Self.iterations {
                    let started = ContinuousClock.now
                    let ackedBefore = ledger.acknowledgedCount
                    ledger.setStopped(false)
                    let producers = Self.startProducers(port: port, iteration: iteration, ledger: ledger, rng: &rng)
                    let busy = await eventually(timeout: .seconds(10), every: .milliseconds(20)) {
                        ledger.acknowledgedCount >= ackedBefore + 150
                    }
                    #expect(
                        busy,
                        "iteration \(iteration): producers got too few acknowledgements: \(ledger.snapshot.errors)")
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...150, using: &rng)))
                    try await cluster.cluster.kill(broker: 0, signal: .kill)
                    let died = await eventually(timeout: .seconds(10)) { await !cluster.isAlive() }
                    try #require(died, "broker 0 survived SIGKILL")
                    ledger.setStopped(true)
                    for producer in producers { try await producer.value }

                    var torn: [Int32: Int] = [:]
                    if iteration % 2 == 1 {
                        let partition = Int32.random(in: 0..<Self.partitions, using: &rng)
                        let kind = TornTail.allCases.randomElement(using: &rng) ?? .garbage
                        torn[partition] = try TornTail.append(
                            kind, to: "\(dataDirectory)/\(Self.topic)-\(partition)",
                            using: &rng)
                    }
                    let logStart = RecoveryLogLine.size(of: logFile)
                    try await cluster.cluster.start(broker: 0)
                    try await WireAdmin.waitForLeaders(port: port, topic: Self.topic, partitions: Int(Self.partitions))
                    try await Self.verify(port: port, ledger: ledger, iteration: iteration)
                    Self.verifyRecoveryLogged(
                        RecoveryLogLine.read(logFile: logFile, from: logStart),
                        dataDirectory: dataDirectory, torn: torn, iteration: iteration)
                    print(
                        "[crash] iteration \(iteration): \(ledger.acknowledgedCount - ackedBefore) acknowledged, "
                            + "torn tails \(torn), \(ContinuousClock.now - started)")
                }
                print(
                    "[crash] total acknowledged \(ledger.acknowledgedCount); produce errors \(ledger.snapshot.errors)")
            }
        }

        /// Partitions 0-1 produce with acks=1, partitions 2-3 with acks=all.
        static func startProducers(port: Int, iteration: Int, ledger: CrashLedger, rng: inout SeededGenerator)
            -> [Task<Void, Error>]
        {
            (0..<partitions).map { partition in
                let producer = CrashProducer(
                    port: port, topic: topic, partition: partition, acks: partition < 2 ? 1 : -1,
                    iteration: iteration, ledger: ledger, rng: SeededGenerator(seed: rng.next()))
                return Task {
                    try await onThread("producer-\(partition)") {
                        var running = producer
                        running.run()
                    }
                }
            }
        }

        static func verify(port: Int, ledger: CrashLedger, iteration: Int) async throws {
            let state = ledger.snapshot
            let contents = try await onThread("verify") {
                try (0..<partitions).map { try PartitionContents.read(port: port, topic: topic, partition: $0) }
            }
            for (partition, read) in zip(Int32(0)..., contents) {
                let where_ = "iteration \(iteration), \(topic)-\(partition)"
                try #require(read.problems.isEmpty, "\(where_): \(read.problems)")
                #expect(
                    read.values.count == Int(read.highWatermark - read.logStartOffset),
                    "\(where_): \(read.values.count) records below high watermark \(read.highWatermark)")
                let acknowledged = state.acknowledged[partition] ?? [:]
                let lost = acknowledged.filter { read.values[$0.key] != $0.value }.keys.sorted()
                let lostText = "acknowledged records lost or changed at offsets \(lost.prefix(20))"
                #expect(lost.isEmpty, "\(where_): \(lostText) (high watermark \(read.highWatermark))")
                let sent = state.sent[partition] ?? []
                let phantom = read.values.filter { !sent.contains($0.value) }.keys.sorted()
                #expect(phantom.isEmpty, "\(where_): records never sent are served at offsets \(phantom.prefix(20))")
            }
        }

        /// After kill -9 every partition must be opened as unclean, and a torn tail must be cut off.
        static func verifyRecoveryLogged(
            _ lines: [RecoveryLogLine], dataDirectory: String, torn: [Int32: Int], iteration: Int
        ) {
            for partition in 0..<partitions {
                let directory = "\(dataDirectory)/\(topic)-\(partition)"
                let line = lines.last { $0.directory == directory }
                #expect(line?.clean == false, "iteration \(iteration): no unclean-recovery log line for \(directory)")
                if let added = torn[partition] {
                    let cut = line?.truncatedBytes ?? 0
                    #expect(cut >= added, "iteration \(iteration): \(added) torn bytes appended, recovery cut \(cut)")
                }
            }
        }
    }
}
