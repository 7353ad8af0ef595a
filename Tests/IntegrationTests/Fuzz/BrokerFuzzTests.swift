import Foundation
import KafkaWire
import NIOCore
import SeededRandom
import Testing

extension IntegrationSuite {
    /// Throws at least 100,000 random, mutated and hostile frames at a running broker, then checks that it still
    /// serves a normal client and that data written before is byte-identical.
    @Suite(.timeLimit(.minutes(4)))
    struct BrokerFuzzTests {
        static let frameTarget = 100_000
        static let workers = 4
        static let preciousTopic = "precious"
        /// A debug broker under this load stays well below 300 MiB; far above means something grows without bound.
        static let maxResidentBytes = 1 << 30
        static let maxResidentGrowthPerSecond = 150 << 20

        @Test func brokerSurvivesHostileFrames() async throws {
            let seed = SeededGenerator.seedFromEnvironment()
            print("[fuzz] seed \(seed) (replay with KAFKALAB_FUZZ_SEED=\(seed))")
            try await withCluster("fuzz", properties: RobustnessSettings.properties) { cluster in
                let port = try await cluster.port()
                try await WireAdmin.createTopicAndWait(port: port, name: Self.preciousTopic, partitions: 2)
                try await WireAdmin.createTopicAndWait(port: port, name: "fuzz", partitions: 2)
                let written = try await onThread("seed-data") {
                    try KnownRecords.write(port: port, topic: Self.preciousTopic)
                }
                let before = try await onThread("read-before") {
                    try KnownRecords.read(port: port, topic: Self.preciousTopic, partitions: 2)
                }
                try written.expectPresent(in: before)

                let ledger = FuzzLedger()
                let started = ContinuousClock.now
                try await Self.fuzz(port: port, seed: seed, ledger: ledger, cluster: cluster)
                let elapsed = ContinuousClock.now - started
                let totals = ledger.totals
                print(
                    "[fuzz] \(totals.processed) frames consumed by the broker (\(totals.sent) sent) in \(elapsed) "
                        + "over \(totals.connections) connections; \(totals.closedByBroker) closed by the broker, "
                        + "\(totals.responses) responses, \(totals.checkedResponses) decoded and checked, "
                        + "\(totals.stalls.count) stalled pipelines")
                for stall in totals.stalls.prefix(10) { print("[fuzz] stall: \(stall)") }

                if let down = totals.brokerDown {
                    let report = Self.writeCrashReport(totals, seed: seed)
                    Issue.record("broker went down during the fuzz: \(down); last pipelines in \(report)")
                }
                #expect(await cluster.isAlive(), "the broker process must survive the fuzz")
                #expect(totals.findings.isEmpty, "findings:\n\(totals.findings.joined(separator: "\n"))")
                #expect(totals.processed >= Self.frameTarget, "only \(totals.processed) frames in \(elapsed)")
                // Some requests may legitimately be held (a JoinGroup in its rebalance); hangs in bulk are a bug.
                #expect(totals.stalls.count < max(50, totals.connections / 100), "too many stalled connections")

                // A normal client still works end to end, and the old data is untouched to the byte.
                try await WireAdmin.createTopicAndWait(port: port, name: "after-fuzz", partitions: 1)
                let fresh = try await onThread("after") {
                    try KnownRecords.write(port: port, topic: "after-fuzz", partitions: 1, batches: 5)
                }
                let freshRead = try await onThread("after-read") {
                    try KnownRecords.read(port: port, topic: "after-fuzz", partitions: 1)
                }
                try fresh.expectPresent(in: freshRead)
                let after = try await onThread("read-after") {
                    try KnownRecords.read(port: port, topic: Self.preciousTopic, partitions: 2)
                }
                for (partition, contents) in before {
                    #expect(
                        after[partition]?.rawBatches == contents.rawBatches,
                        "partition \(partition) of \(Self.preciousTopic) changed during the fuzz")
                }
                try written.expectPresent(in: after)
            }
        }

        /// Runs the workers on threads of their own while this task probes the broker every second with a fresh
        /// connection, so a broker that stops answering is noticed even if every worker is stuck.
        static func fuzz(port: Int, seed: UInt64, ledger: FuzzLedger, cluster: TestCluster) async throws {
            let deadline = ContinuousClock.now + .seconds(150)
            let corpus = FrameCorpus(topic: "fuzz")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 0..<workers {
                    group.addTask {
                        try await onThread("fuzz-\(id)") {
                            var worker = FuzzWorker(
                                id: id, port: port, corpus: corpus, ledger: ledger,
                                quota: frameTarget / workers + 500, deadline: deadline,
                                maxRequestBytes: RobustnessSettings.maxRequestBytes, seed: seed &+ UInt64(id))
                            worker.run()
                        }
                    }
                }
                group.addTask {
                    var lastResident = await cluster.residentBytes()
                    while !ledger.shouldStop {
                        try await Task.sleep(for: .seconds(1))
                        // Unbounded allocation is a finding too, and must not take the machine down with it.
                        let resident = await cluster.residentBytes()
                        if resident > maxResidentBytes || resident - lastResident > maxResidentGrowthPerSecond {
                            try? await cluster.cluster.kill(broker: 0, signal: .kill)
                            ledger.brokerDown(
                                "the broker's resident memory went from \(lastResident >> 20) to "
                                    + "\(resident >> 20) MiB in a second (killed)")
                            break
                        }
                        lastResident = resident
                        let answered = (try? await onThread("probe") { try probe(port: port) }) ?? false
                        if !answered {
                            let alive = await cluster.isAlive()
                            ledger.brokerDown(
                                alive
                                    ? "the broker does not answer ApiVersions within 5 s"
                                    : "the broker process exited")
                        }
                    }
                }
                // The workers finish first; then stop the probe.
                for _ in 0..<workers { try await group.next() }
                ledger.stop()
                try await group.waitForAll()
            }
        }

        static func probe(port: Int) throws -> Bool {
            let connection = try WireConnection(port: port)
            defer { connection.close() }
            return try connection.call(ApiVersionsRequest(), version: 0, timeoutMillis: 5000).errorCode == .none
        }

        /// Writes the last pipelines of every worker (frames as hex, one per line) where it survives the cluster's
        /// clean-up, and returns the path.
        static func writeCrashReport(_ totals: FuzzLedger.Totals, seed: UInt64) -> String {
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("kafkalab-fuzz-crash-\(seed).txt").path
            var text = "seed \(seed)\nbroker down: \(totals.brokerDown ?? "-")\n"
            let start = totals.recentPipelines.first?.sent
            for (sent, worker, frames) in totals.recentPipelines {
                let age = start.map { sent - $0 } ?? .zero
                text +=
                    "\n== worker \(worker), +\(age)\n" + frames.map { "\($0.label): \($0.hex)" }.joined(separator: "\n")
            }
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
