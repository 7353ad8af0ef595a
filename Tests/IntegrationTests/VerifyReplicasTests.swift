import Durability
import Foundation
import Testing

/// The replica consistency check against real brokers: identical replicas pass; a follower whose copy of one batch
/// differs (its leader epoch field rewritten on disk, which the CRC does not cover, so only a byte comparison
/// notices) is reported at that batch's offset, by the library and by `kafkalab verify-replicas` (exit status 1).
extension IntegrationSuite {
    @Suite struct VerifyReplicasTests {
        @Test(.timeLimit(.minutes(3)))
        func aFollowerWithADifferentBatchIsReportedAtItsOffset() async throws {
            try await withCluster("verify", brokers: 3, sessionTimeoutMs: 6000, properties: ReplicationTests.properties)
            { cluster in
                let topic = ReplicationTests.topic
                let port0 = try await cluster.port(broker: 0)
                try await onThread("create-topic") { try ReplicationTests.createTopic(port: port0) }
                let view = try await ReplicationTests.waitForView(
                    cluster, brokers: [0, 1, 2], timeout: .seconds(30), "full ISR"
                ) { $0.leader >= 0 && $0.replicas.count == 2 && Set($0.isr) == Set($0.replicas) }
                let bootstrap = await cluster.cluster.bootstrap
                let producer = AckingProducer(bootstrap: bootstrap, topic: topic)
                let producing = Task { await producer.run(loops: 2) }
                #expect(await eventually(timeout: .seconds(30)) { producer.acknowledgedCount >= 200 })
                producer.stop()
                await producing.value

                let verifier = ReplicaVerifier(bootstrap: bootstrap, topicPattern: topic)
                let healthy = try await Self.verifyUntil(verifier) { $0.allSatisfy(\.isFullyReplicated) }
                #expect(healthy.count == 1 && healthy.allSatisfy(\.isFullyReplicated), "\(healthy.map(\.summary))")

                // Rewrite the leader epoch of the follower's third batch, in place, while it runs.
                let follower = try #require(view.replicas.first { $0 != view.leader })
                let segment = await cluster.dataDirectory(Int(follower)) + "/\(topic)-0/00000000000000000000.log"
                let tampered = try Self.rewriteLeaderEpoch(ofBatch: 2, in: segment, to: 77)
                let found = try await Self.verifyUntil(verifier) { !$0.allSatisfy(\.isConsistent) }
                let partition = try #require(found.first)
                #expect(!partition.isConsistent)
                guard case .diverges(let offset, _) = partition.findings[follower] else {
                    Issue.record("expected a divergence on replica \(follower): \(partition.summary)")
                    return
                }
                #expect(offset == tampered)

                let (status, output) = try Self.runVerifyReplicas(bootstrap: bootstrap, topic: topic)
                #expect(status == 1, "\(output)")
                #expect(output.contains("\(topic)-0 DIVERGENT"), "\(output)")
                #expect(output.contains("replica \(follower) diverges at offset \(tampered)"), "\(output)")
            }
        }

        /// Verifies until `done` holds (a follower may still be fetching its last batch), at most 15 s.
        static func verifyUntil(
            _ verifier: ReplicaVerifier, _ done: ([PartitionConsistency]) -> Bool
        ) async throws -> [PartitionConsistency] {
            var last: [PartitionConsistency] = []
            let deadline = ContinuousClock.now + .seconds(15)
            while ContinuousClock.now < deadline {
                last = try await verifier.verify()
                if done(last) { return last }
                try await Task.sleep(for: .milliseconds(300))
            }
            return last
        }

        /// Overwrites the PartitionLeaderEpoch field (bytes 12..<16, outside the CRC) of batch `index` (0-based) of
        /// a segment file; returns that batch's base offset.
        static func rewriteLeaderEpoch(ofBatch index: Int, in path: String, to epoch: Int32) throws -> Int64 {
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let bytes = [UInt8](try handle.readToEnd() ?? Data())
            func integer<T: FixedWidthInteger>(_: T.Type, at position: Int) -> T {
                bytes[position..<position + MemoryLayout<T>.size].reduce(T.zero) { $0 << 8 | T($1) }
            }
            var position = 0
            for _ in 0..<index {
                guard position + 12 <= bytes.count else { break }
                position += 12 + Int(integer(Int32.self, at: position + 8))
            }
            guard position + 61 <= bytes.count else {
                throw WireAdmin.Failure(description: "\(path) has fewer than \(index + 1) batches")
            }
            try handle.seek(toOffset: UInt64(position + 12))
            handle.write(Data(withUnsafeBytes(of: epoch.bigEndian) { Array($0) }))
            try handle.synchronize()
            return integer(Int64.self, at: position)
        }

        /// Runs `kafkalab verify-replicas`; returns its exit status and output.
        static func runVerifyReplicas(bootstrap: String, topic: String) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try KafkalabExecutable.path())
            process.arguments = ["verify-replicas", "--bootstrap", bootstrap, "--topic", topic]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
    }
}
