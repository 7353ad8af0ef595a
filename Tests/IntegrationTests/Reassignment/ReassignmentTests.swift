import Foundation
import Lab
import Testing

/// Partition reassignment, leader election on demand and cluster shrinking on real processes, driven through the
/// `kafkalab` CLI the way an operator would.
extension IntegrationSuite {
    @Suite struct ReassignmentTests {
        static let properties: [String: String] = [
            "replica.lag.time.max.ms": "3000",
            "replica.fetch.wait.max.ms": "200",
            // Leadership must only move when asked: the elect-leaders check depends on it.
            "auto.leader.rebalance.enable": "false",
            "offsets.topic.num.partitions": "2",
            "offsets.topic.replication.factor": "2",
            "group.initial.rebalance.delay.ms": "0",
        ]

        /// 3 brokers, a topic with replication factor 2 on brokers [a, b] led by a, acks=all producers running:
        /// reassign it to [c, b]. The data is copied to c, leadership moves to c, a drops its log; every acknowledged
        /// record is on the new replicas and `topics --describe` shows them. Then c is killed and restarted (b leads,
        /// auto rebalance is off), and `topics --elect-leaders` gives leadership back to c.
        @Test(.timeLimit(.minutes(3)))
        func reassignmentMovesDataWhileProducingAndElectLeadersRestoresThePreferredLeader() async throws {
            try await withCluster("reassign", brokers: 3, sessionTimeoutMs: 3000, properties: Self.properties) {
                cluster in
                let topic = "moving"
                let zookeeper = await cluster.cluster.zookeeperConnect
                let bootstrap = await cluster.cluster.bootstrap
                try await ReassignmentSupport.createTopic(
                    port: try await cluster.port(broker: 0), name: topic, partitions: 1, replicationFactor: 2)
                let start = try await ReassignmentSupport.waitFor(cluster, topic, timeout: .seconds(30), "full ISR") {
                    $0.leader >= 0 && $0.replicas.count == 2 && Set($0.isr) == Set($0.replicas)
                }
                let (a, b) = (start.replicas[0], start.replicas[1])
                let c = Int32([0, 1, 2].first { !start.replicas.contains(Int32($0)) } ?? 0)

                let producer = AckingProducer(bootstrap: bootstrap, topic: topic)
                let producing = Task { await producer.run(loops: 2) }
                #expect(await eventually(timeout: .seconds(20)) { producer.acknowledgedCount >= 200 })

                let reassign = try await ReassignmentSupport.cli(
                    cluster,
                    [
                        "topics", "--zookeeper", zookeeper, "--reassign", "--topic", topic, "--partition", "0",
                        "--replicas", "\(c),\(b)", "--wait", "--timeout", "60",
                    ], name: "reassign")
                #expect(reassign.status == 0 && reassign.output.contains("Reassignment complete"), "\(reassign.output)")
                let moved = try await ReassignmentSupport.waitFor(cluster, topic, timeout: .seconds(20), "new ISR") {
                    $0.replicas == [c, b] && Set($0.isr) == [c, b]
                }
                #expect(moved.leader == c)
                let acknowledgedBefore = producer.acknowledgedCount
                #expect(
                    await eventually(timeout: .seconds(20)) { producer.acknowledgedCount >= acknowledgedBefore + 200 })
                producer.stop()
                await producing.value
                #expect(producer.failures.isEmpty, "acks=all failures: \(producer.failures.prefix(5))")

                // The old replica's log is gone; the new leader has every acknowledged record.
                let oldLog = await cluster.dataDirectory(Int(a)) + "/\(topic)-0"
                #expect(await eventually(timeout: .seconds(15)) { !FileManager.default.fileExists(atPath: oldLog) })
                let acknowledged = Dictionary(
                    uniqueKeysWithValues: producer.acknowledged.map { ("0@\($0.key)", $0.value) })
                let lost = try await ReassignmentSupport.lost(acknowledged, cluster: cluster, topic: topic)
                #expect(lost.isEmpty, "acknowledged but lost: \(lost.count), e.g. \(lost.prefix(5))")
                #expect(acknowledged.count >= 400)
                // ... and so has the follower: both logs end up byte-for-byte equal.
                let files = [
                    await cluster.dataDirectory(Int(c)) + "/\(topic)-0/00000000000000000000.log",
                    await cluster.dataDirectory(Int(b)) + "/\(topic)-0/00000000000000000000.log",
                ]
                #expect(
                    await eventually(timeout: .seconds(15)) {
                        let data = files.map { FileManager.default.contents(atPath: $0) }
                        return data[0] != nil && data[0] == data[1]
                    }, "new leader and follower logs differ")

                let describe = try await ReassignmentSupport.cli(
                    cluster, ["topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic],
                    name: "describe")
                #expect(describe.output.contains("Leader: \(c)\tReplicas: \(c),\(b)\t"), "\(describe.output)")

                // Failover to b, c comes back in sync but does not lead: elect-leaders makes it leader again.
                try await cluster.cluster.kill(broker: Int(c), signal: .kill)
                try await ReassignmentSupport.waitFor(cluster, topic, timeout: .seconds(30), "failover") {
                    $0.leader == b && $0.isr == [b]
                }
                try await cluster.cluster.start(broker: Int(c))
                let healed = try await ReassignmentSupport.waitFor(cluster, topic, timeout: .seconds(30), "ISR heal") {
                    Set($0.isr) == [b, c]
                }
                #expect(healed.leader == b)
                let elect = try await ReassignmentSupport.cli(
                    cluster, ["topics", "--zookeeper", zookeeper, "--elect-leaders", "--topic", topic], name: "elect")
                #expect(
                    elect.status == 0 && elect.output.contains("\(topic)-0: leader \(c) (elected)"), "\(elect.output)")
                let elected = try await ReassignmentSupport.waitFor(cluster, topic, timeout: .seconds(5), "election") {
                    $0.leader == c
                }
                #expect(Set(elected.isr) == [b, c])
            }
        }

        /// A move to a dead broker waits (and says so); a new controller after the old one dies resumes it once the
        /// target is back. Then `cluster remove-broker` empties a broker of a 3-broker cluster with replication
        /// factor 2, without losing an acknowledged record, and forgets it.
        @Test(.timeLimit(.minutes(3)))
        func movesSurviveADeadTargetAndAControllerFailoverAndRemoveBrokerLosesNothing() async throws {
            try await withCluster("shrink", brokers: 3, sessionTimeoutMs: 3000, properties: Self.properties) {
                cluster in
                let topic = "spread"
                let zookeeper = await cluster.cluster.zookeeperConnect
                try await ReassignmentSupport.createTopic(
                    port: try await cluster.port(broker: 0), name: topic, partitions: 3, replicationFactor: 2)
                for partition: Int32 in 0..<3 {
                    try await ReassignmentSupport.waitFor(
                        cluster, topic, partition: partition, timeout: .seconds(30), "full ISR"
                    ) { $0.leader >= 0 && Set($0.isr) == Set($0.replicas) }
                }
                var acknowledged = try await ReassignmentSupport.produce(
                    bootstrap: await cluster.cluster.bootstrap, topic: topic, partitions: 3, count: 100)

                // Move partition 0 onto the broker outside it, with that broker frozen and then killed.
                let first = try await ReassignmentSupport.partitions(cluster, topic: topic)[0]
                let target = Int32([0, 1, 2].first { !first.replicas.contains(Int32($0)) } ?? 0)
                try await cluster.cluster.kill(broker: Int(target), signal: .stop)
                let reassign = try await ReassignmentSupport.cli(
                    cluster,
                    [
                        "topics", "--zookeeper", zookeeper, "--reassign", "--topic", topic, "--partition", "0",
                        "--replicas", "\(target),\(first.replicas[0])",
                    ], name: "reassign-dead")
                #expect(reassign.status == 0, "\(reassign.output)")
                try await cluster.cluster.kill(broker: Int(target), signal: .kill)
                #expect(
                    await eventually(timeout: .seconds(20)) {
                        (await cluster.cluster.status().brokers.first { $0.id == Int(target) }?.registered) == false
                    })
                let verify = try await ReassignmentSupport.cli(
                    cluster, ["topics", "--zookeeper", zookeeper, "--verify"], name: "verify")
                #expect(
                    verify.output.contains(
                        "Reassignment of \(topic)-0 to [\(target),\(first.replicas[0])] is in progress")
                        && verify.output.contains("waiting for [\(target)]"), "\(verify.output)")

                // The controller dies too; a new one takes over while the target is still down.
                let controller = try #require(await cluster.cluster.status().controllerID)
                try await cluster.cluster.kill(broker: controller, signal: .kill)
                #expect(
                    await eventually(timeout: .seconds(20)) {
                        let next = await cluster.cluster.status().controllerID
                        return next != nil && next != controller
                    })
                try await cluster.cluster.start(broker: Int(target))
                if controller != Int(target) { try await cluster.cluster.start(broker: controller) }
                #expect(
                    await eventually(timeout: .seconds(40)) {
                        (try? await ReassignmentSupport.pending(cluster))?.isEmpty == true
                    })
                try await ReassignmentSupport.waitFor(cluster, topic, timeout: .seconds(20), "moved partition 0") {
                    $0.replicas == [target, first.replicas[0]] && Set($0.isr) == Set($0.replicas)
                }
                acknowledged.merge(
                    try await ReassignmentSupport.produce(
                        bootstrap: await cluster.cluster.bootstrap, topic: topic, partitions: 3, count: 20)
                ) { _, new in new }

                // Remove a broker: every replica on it moves, nothing is lost, it is gone from cluster.json.
                let removed = 1
                let status = try await ReassignmentSupport.cli(
                    cluster, ["cluster", "status", "--dir", cluster.directory, "--name", "shrink"], name: "status")
                #expect(status.output.contains("Partitions  "), "\(status.output)")
                let removal = try await ReassignmentSupport.cli(
                    cluster,
                    ["cluster", "remove-broker", "\(removed)", "--dir", cluster.directory, "--name", "shrink"],
                    name: "remove-broker")
                #expect(
                    removal.status == 0 && removal.output.contains("Broker \(removed) removed."), "\(removal.output)")
                let views = try await ReassignmentSupport.partitions(cluster)
                #expect(views.allSatisfy { !$0.replicas.contains(Int32(removed)) }, "\(views)")
                #expect(views.allSatisfy { $0.replicas.count == 2 }, "\(views)")
                let reloaded = try LabCluster.load(name: "shrink", directory: cluster.directory)
                #expect(await reloaded.state.brokers.map(\.id) == [0, 2])
                for partition: Int32 in 0..<3 {
                    try await ReassignmentSupport.waitFor(
                        cluster, topic, partition: partition, timeout: .seconds(20), "ISR after removal"
                    ) { Set($0.isr) == Set($0.replicas) && $0.leader >= 0 }
                }
                let lost = try await ReassignmentSupport.lost(acknowledged, cluster: cluster, topic: topic)
                #expect(lost.isEmpty, "acknowledged but lost: \(lost.count), e.g. \(lost.prefix(5))")
                #expect(acknowledged.count == 360)
            }
        }
    }
}
