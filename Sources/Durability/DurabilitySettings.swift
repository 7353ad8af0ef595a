import Lab
import Tester

/// What a durability run does: a fresh 3-broker lab cluster, a replicated topic, steady idempotent (or acks=1)
/// producers, and `faults` faults on random brokers, one after another.
public struct DurabilitySettings: Sendable {
    public enum Fault: String, Sendable, CaseIterable {
        /// kill -9, then a restart once the partitions it led have failed over.
        case kill
        /// SIGSTOP for a random 0.5-1.5 session timeouts (so some pauses outlive the session), then SIGCONT.
        case stop
    }

    public enum Acks: String, Sendable, CaseIterable {
        /// acks=all with idempotence: nothing acknowledged may be lost or duplicated.
        case all
        /// acks=1 without idempotence: losses are counted and reported, not held against the run.
        case one = "1"
    }

    public var faults = 20
    public var fault = Fault.kill
    public var acks = Acks.all
    public var brokers = 3
    public var partitions = 3
    public var replicationFactor = 3
    public var minInsyncReplicas = 2
    public var producers = 2
    /// Records per second per producer.
    public var rate: Double = 200
    public var messageSize = 256
    public var sessionTimeoutMs = 3000
    /// Where the cluster directory goes (deleted afterwards unless `keep`).
    public var directory: String
    public var brokerExecutable: String = Executable.current()
    public var keep = false
    public var seed: UInt64 = UInt64.random(in: 1...UInt64.max)
    public var topic = "durability"
    /// librdkafka's `log_level` for the run's clients (2: critical only; 7: debug).
    public var clientLogLevel = 2
    /// Triggered (Ctrl-C) to stop injecting faults; the run still drains, checks and stops its cluster.
    public var stop: StopSignal?

    public init(directory: String) {
        self.directory = directory
    }

    /// Failover target: the controller notices a dead broker when its session expires; one more second for the
    /// election, the new leader's metadata and the client's retry.
    public var failoverTarget: Duration { .milliseconds(sessionTimeoutMs) + .seconds(1) }

    /// Throws a message naming the first bad value.
    public func validate() throws {
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw DurabilityError(message) }
        }
        try check((0...10_000).contains(faults), "--faults must be 0...10000, not \(faults)")
        try check((2...9).contains(brokers), "--brokers must be 2...9, not \(brokers)")
        try check((1...64).contains(partitions), "--partitions must be 1...64, not \(partitions)")
        try check(
            (1...brokers).contains(replicationFactor),
            "--replication-factor must be 1...\(brokers) (the broker count), not \(replicationFactor)")
        try check(
            (1...replicationFactor).contains(minInsyncReplicas),
            "--min-insync-replicas must be 1...\(replicationFactor), not \(minInsyncReplicas)")
        try check((1...16).contains(producers), "--producers must be 1...16, not \(producers)")
        try check(rate > 0 && rate <= 100_000, "--rate must be above 0 and at most 100000, not \(rate)")
        try check((64...1_000_000).contains(messageSize), "--message-size must be 64...1000000, not \(messageSize)")
        try check(
            (1000...60_000).contains(sessionTimeoutMs),
            "--session-timeout-ms must be 1000...60000, not \(sessionTimeoutMs)")
    }

    /// The brokers' settings: quick ISR shrink and preferred-leader return, so faults can follow each other.
    var brokerProperties: [String: String] {
        [
            "min.insync.replicas": String(minInsyncReplicas),
            "default.replication.factor": String(replicationFactor),
            "unclean.leader.election.enable": "false",
            "replica.lag.time.max.ms": "3000",
            "replica.fetch.wait.max.ms": "200",
            "leader.imbalance.check.interval.seconds": "1",
            "offsets.topic.num.partitions": "2",
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "false",
        ]
    }
}

public struct DurabilityError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
