import Foundation
import Lab
import SeededRandom

/// Injects the faults one after another: a random broker is killed (kill -9) or paused (SIGSTOP), brought back,
/// and the loop waits until every partition has its full ISR again before the next fault. When that does not
/// happen it says what is out of sync and stops (see `UnhealedDiagnosis`).
struct FaultLoop: Sendable {
    let settings: DurabilitySettings
    let cluster: LabCluster
    let health: ClusterHealth
    let probe: FailoverProbe?
    let output: @Sendable (String) -> Void
    static let healTimeout = Duration.seconds(60)

    func run() async throws -> [FaultRecord] {
        var random = SeededGenerator(seed: settings.seed)
        var records: [FaultRecord] = []
        for index in 1..<(settings.faults + 1) where settings.stop?.isTriggered != true {
            let victim = Int.random(in: 0..<settings.brokers, using: &random)
            let led = await health.metadata().map { health.partitions($0).filter { $0.leader == victim }.map(\.id) }
                ?? []
            var record: FaultRecord
            switch settings.fault {
            case .kill: record = try await kill(victim, led: led, index: index)
            case .stop:
                let length = Duration.milliseconds(settings.sessionTimeoutMs)
                    * Double.random(in: 0.5...1.5, using: &random)
                record = try await pause(victim, for: length, led: led, index: index)
            }
            record.healed = await health.waitUntilHealed(timeout: Self.healTimeout)
            output(Self.describe(record))
            records.append(record)
            if !record.healed {
                await diagnoseUnhealed()
                break
            }
        }
        return records
    }

    private func diagnoseUnhealed() async {
        output("the ISR did not heal within \(formatSeconds(Self.healTimeout)); no more faults are injected")
        let logTails = await cluster.state.brokers.map { (broker: $0.id, tail: logTail($0.logFile, lines: 15)) }
        let metadata = await health.metadata()
        for line in UnhealedDiagnosis.lines(metadata: metadata, topic: health.topic, logTails: logTails) {
            output(line)
        }
    }

    private func kill(_ victim: Int, led: [Int32], index: Int) async throws -> FaultRecord {
        let start = ContinuousClock.now
        try await cluster.kill(broker: victim, signal: .kill)
        var failover: Duration?
        var elected: Duration?
        var timedOut = false
        if let probe, let partition = led.first {
            let giveUp = settings.failoverTarget + .seconds(30)
            async let election = newLeaderSeen(partition: partition, victim: Int32(victim), since: start, giveUp)
            failover = await probe.measure(partition: partition, since: start, giveUp: giveUp)
            elected = await election
            timedOut = failover == nil
        }
        // Restart only once the controller has seen the broker go (its session expired): a broker that comes back
        // while its old registration lingers would wait for it anyway, and the fault would be a different one.
        let victimID = Int32(victim)
        _ = await health.wait(timeout: .milliseconds(settings.sessionTimeoutMs) + .seconds(20)) { metadata in
            !metadata.brokers.contains { $0.id == victimID }
        }
        let downFor = ContinuousClock.now - start
        try await cluster.start(broker: victim)
        return FaultRecord(
            index: index, broker: victim, fault: .kill, ledPartitions: led, failover: failover, elected: elected,
            failoverTimedOut: timedOut, downFor: downFor, healed: false)
    }

    /// When metadata first names a leader other than `victim` for `partition`.
    private func newLeaderSeen(
        partition: Int32, victim: Int32, since start: ContinuousClock.Instant, _ giveUp: Duration
    ) async -> Duration? {
        while ContinuousClock.now - start < giveUp {
            if let metadata = await health.metadata(),
                let leader = health.partitions(metadata).first(where: { $0.id == partition })?.leader,
                leader >= 0, leader != victim
            {
                return ContinuousClock.now - start
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    private func pause(_ victim: Int, for pause: Duration, led: [Int32], index: Int) async throws -> FaultRecord {
        let start = ContinuousClock.now
        try await cluster.kill(broker: victim, signal: .stop)
        try await Task.sleep(for: pause)
        try await cluster.start(broker: victim)
        return FaultRecord(
            index: index, broker: victim, fault: .stop, ledPartitions: led, failover: nil,
            downFor: ContinuousClock.now - start, healed: false)
    }

    static func describe(_ record: FaultRecord) -> String {
        let action = record.fault == .kill ? "kill -9" : "SIGSTOP"
        let led = record.ledPartitions.isEmpty ? "no partitions" : "partitions \(record.ledPartitions)"
        var line = "fault \(record.index): \(action) broker \(record.broker) (leading \(led)), down "
            + "\(formatSeconds(record.downFor))"
        if let failover = record.failover {
            line += ", failover \(formatSeconds(failover))"
            if let elected = record.elected { line += " (new leader in metadata after \(formatSeconds(elected)))" }
        }
        if record.failoverTimedOut { line += ", NO FAILOVER" }
        line += record.healed ? ", ISR healed" : ", ISR NOT HEALED"
        return line
    }
}

/// `1.234 s`.
func formatSeconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let value = Double(seconds) + Double(attoseconds) / 1e18
    return String(format: "%.3f s", value)
}
