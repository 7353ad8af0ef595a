import Foundation
import KafkaClient
import Lab
import Logging
import SeededRandom
import Tester

/// The durability proof, end to end: a fresh lab cluster, a replicated topic, steady producers, a fault loop,
/// then drain, replica consistency check, read-back with the tester's checker, and a verdict. The cluster is
/// always stopped (and its directory deleted unless `keep`), also when the run fails.
public struct DurabilityRun: Sendable {
    public let settings: DurabilitySettings
    let output: @Sendable (String) -> Void
    let logger: Logger

    public init(
        settings: DurabilitySettings, logger: Logger = Logger(label: "kafkalab.durability"),
        output: @escaping @Sendable (String) -> Void
    ) {
        self.settings = settings
        self.logger = logger
        self.output = output
    }

    public func run() async throws -> DurabilityReport {
        try settings.validate()
        let spec = ClusterSpec(
            name: "durability", brokers: settings.brokers, basePort: 0, zookeeperPort: 0,
            directory: settings.directory, sessionTimeoutMs: settings.sessionTimeoutMs,
            brokerExecutable: settings.brokerExecutable, extraProperties: settings.brokerProperties,
            readinessTimeout: .seconds(60), clean: true)
        output("durability: \(settings.faults) x \(settings.fault.rawValue), acks=\(settings.acks.rawValue), "
            + "\(settings.brokers) brokers, RF=\(settings.replicationFactor), "
            + "min.insync.replicas=\(settings.minInsyncReplicas), seed \(settings.seed)")
        let cluster = try await LabCluster.up(spec, progress: { line in logger.debug("\(line)") })
        do {
            let report = try await run(on: cluster)
            try await cluster.down(clean: !settings.keep)
            return report
        } catch {
            try? await cluster.down(clean: !settings.keep)
            throw error
        }
    }

    private func run(on cluster: LabCluster) async throws -> DurabilityReport {
        let bootstrap = await cluster.bootstrap
        output("cluster up: \(bootstrap) (files in \(await cluster.state.directory))")
        let adminConfig = KafkaConfig(bootstrapServers: bootstrap, ["log_level": "2"])
        // Creation gets 15 s (as the demo's): just after `cluster up` the brokers may still be settling who is
        // controller, and on a loaded machine 3 s ran out once. The health checks keep 3 s: they run during faults.
        try await createTopic(KafkaAdmin(config: adminConfig, timeoutMillis: 15_000))
        let admin = try KafkaAdmin(config: adminConfig, timeoutMillis: 3000)
        let health = ClusterHealth(admin: admin, topic: settings.topic)
        guard await health.waitUntilHealed(timeout: .seconds(60)) else {
            throw DurabilityError("\(settings.topic) never had a leader and a full ISR on every partition")
        }
        let probe = settings.fault == .kill ? try FailoverProbe(bootstrap: bootstrap, topic: settings.topic) : nil
        try await probe?.warm(partitions: (0..<Int32(settings.partitions)).map { $0 })

        let stop = StopSignal()
        let options = testOptions(bootstrap: bootstrap, stop: stop)
        let producing = Task {
            try await TestRun(options: options, logger: logger, output: { _ in }).produceOnly()
        }
        let faults: [FaultRecord]
        do {
            try await Task.sleep(for: .seconds(2))
            faults = try await FaultLoop(
                settings: settings, cluster: cluster, health: health, probe: probe, output: output
            ).run()
            try await Task.sleep(for: .seconds(2))
        } catch {
            stop.trigger()
            _ = try? await producing.value
            await probe?.close()
            throw error
        }
        stop.trigger()
        let (produced, producerReport) = try await producing.value
        await probe?.close()
        output("produced: \(produced.sent) sent, \(produced.acknowledged) acknowledged, \(produced.failed) failed")

        if !(await health.waitUntilHealed(timeout: .seconds(60))) { output("warning: the ISR is not full at the end") }
        let replicas = await checkReplicas(bootstrap: bootstrap)
        for partition in replicas { output("replicas: \(partition.summary)") }
        var consume = options
        consume.runId = producerReport.runId
        consume.stop = nil // producing was stopped; the read-back must run to completion
        let checked = try await TestRun(options: consume, logger: logger, output: { _ in })
            .consumeOnly(report: producerReport, idleTimeout: 15)
        // -1 when the log ends cannot be listed: the report then has no recount rather than a false zero.
        let offsets = try? await admin.listOffsets(topic: settings.topic)
        var report = DurabilityReport(
            acks: settings.acks, fault: settings.fault, faultsRequested: settings.faults, faults: faults,
            sent: produced.sent, acknowledged: produced.acknowledged, failed: produced.failed,
            counts: checked.counts, recordsInTopic: offsets.map { $0.reduce(0) { $0 + $1.high - $1.low } } ?? -1,
            replicas: replicas, failoverTarget: settings.failoverTarget)
        report.failuresByError = produced.failuresByError ?? [:]
        report.producerFatalErrors = produced.producerFatalErrors ?? []
        return report
    }

    private func createTopic(_ admin: KafkaAdmin) async throws {
        do {
            try await admin.createTopics([
                NewTopic(
                    name: settings.topic, partitions: Int32(settings.partitions),
                    replicationFactor: Int32(settings.replicationFactor),
                    configs: ["min.insync.replicas": String(settings.minInsyncReplicas)])
            ])
        } catch {
            throw DurabilityError("cannot create \(settings.topic): \(error)")
        }
    }

    /// Producers have stopped, so the logs are quiet; a follower may still be fetching its last batch or
    /// truncating, so a not-yet-identical answer is asked again for a while before it counts.
    private func checkReplicas(bootstrap: String) async -> [PartitionConsistency] {
        let verifier = ReplicaVerifier(bootstrap: bootstrap, topicPattern: NSRegularExpression.escapedPattern(
            for: settings.topic))
        var last: [PartitionConsistency] = []
        for _ in 0..<20 {
            if let result = try? await verifier.verify() {
                last = result
                if !result.isEmpty && result.allSatisfy(\.isFullyReplicated) { return result }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return last
    }

    private func testOptions(bootstrap: String, stop: StopSignal) -> TestOptions {
        let idempotent = settings.acks == .all
        let config = KafkaConfig(
            bootstrapServers: bootstrap,
            [
                "acks": settings.acks == .all ? "all" : "1",
                "enable.idempotence": idempotent ? "true" : "false",
                // Long enough that no record times out across a failover: what is acknowledged is what counts.
                "message.timeout.ms": "120000",
                // A paused leader keeps its connections open: give up on a request and ask for fresh metadata.
                "request.timeout.ms": "3000", "socket.timeout.ms": "3000",
                "topic.metadata.refresh.interval.ms": "1000", "retry.backoff.ms": "100",
                // Disconnects and timeouts are the point of the run; the verdict counts what they did.
                "log_level": String(settings.clientLogLevel),
            ])
        let consume = KafkaConfig(bootstrapServers: bootstrap, ["log_level": "2"])
        var random = SeededGenerator(seed: settings.seed ^ 0x5EED)
        var options = TestOptions(
            produceConfig: config, consumeConfig: consume, topic: settings.topic, runId: random.next() | 1)
        options.producers = settings.producers
        options.consumers = 1
        options.rate = settings.rate
        options.duration = 86_400
        options.messageSize = settings.messageSize
        options.drainTimeout = 60
        options.failOnDuplicates = idempotent
        options.stop = stop
        return options
    }
}
