import Foundation
import KafkaLog
import KafkaWire
import Logging
import NIOCore
import Testing

@testable import Broker

/// Leader and follower partitions on real logs, replicating by hand (what the fetcher and Fetch handler do).
struct ReplicationPartitionTests {
    private final class Fixture {
        let directory = NSTemporaryDirectory() + "replication-test-" + UUID().uuidString
        let manager: LogManager

        init() throws {
            manager = try LogManager(logDirectories: [directory], logger: Logger(label: "replication-test"))
        }

        deinit {
            try? manager.close()
            try? FileManager.default.removeItem(atPath: directory)
        }

        func partition(broker: Int32, minInsync: Int16 = 1) throws -> Partition {
            var config = BrokerConfig()
            config.minInsyncReplicas = minInsync
            let log = try manager.createLog(topic: "t\(broker)", partition: 0)
            return Partition(
                topic: "t", index: 0, brokerId: broker, log: log, config: TopicConfig(broker: config, overrides: [:]))
        }
    }

    private func batch(_ values: [String]) -> ByteBuffer {
        var builder = RecordBatchBuilder()
        for value in values { builder.append(key: nil, value: value, timestamp: 1_000) }
        return builder.build() ?? ByteBuffer()
    }

    /// Follower `follower` fetches once from `leader`, as the fetcher and the Fetch handler would.
    private func replicate(from leader: Partition, to follower: Partition, epoch: Int32) throws {
        _ = leader.recordFollowerFetch(replica: follower.brokerId, fetchOffset: follower.log.logEndOffset, nowMs: 10)
        let records = try leader.fetchedBytes(from: follower.log.logEndOffset, forFollower: true)
        #expect(
            try follower.appendAsFollower(records, leaderEpoch: epoch, leaderHighWatermark: leader.log.highWatermark))
    }

    @Test func acksAllCompletesOnlyOnceTheFollowerHasTheBatch() throws {
        let fixture = try Fixture()
        let leader = try fixture.partition(broker: 1, minInsync: 2)
        let follower = try fixture.partition(broker: 2)
        let leadership = Partition.Leadership(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2])
        #expect(leader.apply(leadership, nowMs: 0))
        #expect(follower.apply(leadership, nowMs: 0) == false)

        let info = try leader.appendAsLeader(batch(["a", "b"]), requiredAcks: -1, nowMs: 1)
        #expect(leader.replicationStatus(requiredOffset: info.lastOffset + 1, leaderEpoch: 0) == .waiting)
        #expect(try leader.fetchedBytes(from: 0, forFollower: false).readableBytes == 0)

        try replicate(from: leader, to: follower, epoch: 0)  // follower gets the data
        #expect(follower.log.logEndOffset == 2)
        #expect(leader.log.highWatermark == 0)
        try replicate(from: leader, to: follower, epoch: 0)  // its next fetch offset tells the leader
        #expect(leader.log.highWatermark == 2)
        #expect(leader.replicationStatus(requiredOffset: 2, leaderEpoch: 0) == .done)
        #expect(follower.log.highWatermark == 2)
        #expect(
            try leader.fetchedBytes(from: 0, forFollower: false)
                == follower.log.read(from: 0, maxBytes: 1 << 20, upTo: 2))
        #expect(leader.replicationStatus(requiredOffset: 2, leaderEpoch: 1) == .failed(.notLeaderOrFollower))
    }

    @Test func tooFewInSyncReplicasRefuseAcksAllAndFailAfterAppendWhenTheIsrShrinks() throws {
        let fixture = try Fixture()
        let leader = try fixture.partition(broker: 1, minInsync: 2)
        #expect(leader.apply(.init(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1]), nowMs: 0))
        #expect(throws: PartitionError.self) { try leader.appendAsLeader(batch(["x"]), requiredAcks: -1, nowMs: 1) }
        _ = try leader.appendAsLeader(batch(["x"]), requiredAcks: 1, nowMs: 1)  // acks=1 is fine
        #expect(leader.log.highWatermark == 1)

        leader.apply(.init(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2]), nowMs: 2)
        let info = try leader.appendAsLeader(batch(["y"]), requiredAcks: -1, nowMs: 3)
        #expect(leader.replicationStatus(requiredOffset: info.lastOffset + 1, leaderEpoch: 0) == .waiting)
        let shrink = try #require(leader.isrShrinkProposal(nowMs: 100_000, lagMaxMs: 1_000))
        #expect(shrink.isr == [1])
        #expect(leader.isrWritten(shrink, nowMs: 100_000))  // alone now: the high watermark jumps to the end
        #expect(
            leader.replicationStatus(requiredOffset: info.lastOffset + 1, leaderEpoch: 0)
                == .failed(.notEnoughReplicasAfterAppend))
    }

    @Test func aCaughtUpFollowerIsProposedForTheIsr() throws {
        let fixture = try Fixture()
        let leader = try fixture.partition(broker: 1)
        let follower = try fixture.partition(broker: 2)
        let leadership = Partition.Leadership(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1])
        leader.apply(leadership, nowMs: 0)
        follower.apply(leadership, nowMs: 0)
        _ = try leader.appendAsLeader(batch(["a"]), requiredAcks: 1, nowMs: 1)
        try replicate(from: leader, to: follower, epoch: 0)
        let outcome = leader.recordFollowerFetch(replica: 2, fetchOffset: follower.log.logEndOffset, nowMs: 20)
        #expect(outcome.expansion?.isr == [1, 2])
        #expect(outcome.expansion?.added == [2])
    }

    /// Regression (found by the durability run): the controller took a dead, caught-up follower out of the ISR, and
    /// the leader's next fetch from another follower proposed the dead one again, from its stale position; the two
    /// wrote back and forth and acks=all stalled, because the high watermark waited for the dead broker.
    @Test func aDeadFollowerTheControllerRemovedIsNotProposedAgainOnAnotherFollowersFetch() throws {
        let fixture = try Fixture()
        let leader = try fixture.partition(broker: 1, minInsync: 2)
        let alive = try fixture.partition(broker: 2)
        let dead = try fixture.partition(broker: 3)
        let full = Partition.Leadership(leader: 1, leaderEpoch: 0, replicas: [1, 2, 3], isr: [1, 2, 3])
        for partition in [leader, alive, dead] { partition.apply(full, nowMs: 0) }
        _ = try leader.appendAsLeader(batch(["a"]), requiredAcks: -1, nowMs: 1)
        for _ in 0..<2 {
            try replicate(from: leader, to: alive, epoch: 0)
            try replicate(from: leader, to: dead, epoch: 0)
        }
        #expect(leader.log.highWatermark == 1)

        // Broker 3 dies; the controller removes it from the ISR (same leader epoch).
        leader.apply(.init(leader: 1, leaderEpoch: 0, replicas: [1, 2, 3], isr: [1, 2]), nowMs: 50)
        let info = try leader.appendAsLeader(batch(["b"]), requiredAcks: -1, nowMs: 51)
        try replicate(from: leader, to: alive, epoch: 0)
        let outcome = leader.recordFollowerFetch(replica: 2, fetchOffset: alive.log.logEndOffset, nowMs: 52)
        #expect(outcome.expansion == nil, "proposed \(String(describing: outcome.expansion))")
        #expect(leader.replicationStatus(requiredOffset: info.lastOffset + 1, leaderEpoch: 0) == .done)

        // Once it fetches again (it came back), it may join.
        let back = leader.recordFollowerFetch(replica: 3, fetchOffset: dead.log.logEndOffset, nowMs: 60)
        #expect(back.expansion == nil)  // it lacks "b": below the high watermark
        try replicate(from: leader, to: dead, epoch: 0)
        let joined = leader.recordFollowerFetch(replica: 3, fetchOffset: dead.log.logEndOffset, nowMs: 61)
        #expect(joined.expansion?.added == [3])
    }

    @Test func aFollowerNeverAppendsForAnEpochItNoLongerFollows() throws {
        let fixture = try Fixture()
        let leader = try fixture.partition(broker: 1)
        let follower = try fixture.partition(broker: 2)
        leader.apply(.init(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2]), nowMs: 0)
        follower.apply(.init(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2]), nowMs: 0)
        _ = try leader.appendAsLeader(batch(["a"]), requiredAcks: 1, nowMs: 1)
        let records = try leader.fetchedBytes(from: 0, forFollower: true)
        follower.apply(.init(leader: 2, leaderEpoch: 1, replicas: [1, 2], isr: [2]), nowMs: 2)  // it leads now
        #expect(try follower.appendAsFollower(records, leaderEpoch: 0, leaderHighWatermark: 1) == false)
        #expect(try follower.truncateAsFollower(to: 0, leaderEpoch: 0) == false)
        #expect(follower.log.logEndOffset == 0)
        #expect(follower.log.epochEntries.map(\.epoch) == [1])
    }

    @Test func anOldLeaderTruncatesItsUnreplicatedTailAfterAFailover() throws {
        let fixture = try Fixture()
        let first = try fixture.partition(broker: 1)
        let second = try fixture.partition(broker: 2)
        let epoch0 = Partition.Leadership(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2])
        first.apply(epoch0, nowMs: 0)
        second.apply(epoch0, nowMs: 0)
        _ = try first.appendAsLeader(batch(["a", "b"]), requiredAcks: 1, nowMs: 1)
        try replicate(from: first, to: second, epoch: 0)
        _ = try first.appendAsLeader(batch(["lost"]), requiredAcks: 1, nowMs: 2)  // never replicated

        let epoch1 = Partition.Leadership(leader: 2, leaderEpoch: 1, replicas: [1, 2], isr: [2])
        second.apply(epoch1, nowMs: 3)
        _ = try second.appendAsLeader(batch(["c"]), requiredAcks: 1, nowMs: 3)
        first.apply(epoch1, nowMs: 3)

        let asked = try #require(first.log.latestEpoch)
        let answer = second.log.endOffset(forEpoch: asked)
        let target = FollowerTruncation.target(
            local: first.truncationView, leaderEpoch: answer.epoch, leaderEndOffset: answer.endOffset)
        #expect(target == 2)
        #expect(try first.truncateAsFollower(to: target, leaderEpoch: 1))
        try replicate(from: second, to: first, epoch: 1)
        let leaderBytes = try second.log.read(from: 0, maxBytes: 1 << 20, upTo: .max)
        #expect(try first.log.read(from: 0, maxBytes: 1 << 20, upTo: .max) == leaderBytes)
        #expect(first.log.logEndOffset == 3)
    }

    /// Truncates `follower` against `leader` as the fetcher does, then copies what it lacks.
    private func follow(_ follower: Partition, leader: Partition, epoch: Int32) throws {
        let asked = follower.log.latestEpoch ?? -1
        let answer = leader.log.endOffset(forEpoch: asked)
        let target = FollowerTruncation.target(
            local: follower.truncationView, leaderEpoch: answer.epoch, leaderEndOffset: answer.endOffset)
        if target < follower.log.logEndOffset {
            #expect(try follower.truncateAsFollower(to: target, leaderEpoch: epoch))
        }
        try replicate(from: leader, to: follower, epoch: epoch)
    }

    @Test func backToBackFailoversNeverLeaveDivergentLogs() throws {
        let fixture = try Fixture()
        let a = try fixture.partition(broker: 1)
        let b = try fixture.partition(broker: 2)
        // Epoch 0: A leads; B gets [a, b]; [c] stays on A only.
        let epoch0 = Partition.Leadership(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2])
        a.apply(epoch0, nowMs: 0)
        b.apply(epoch0, nowMs: 0)
        _ = try a.appendAsLeader(batch(["a", "b"]), requiredAcks: 1, nowMs: 1)
        try replicate(from: a, to: b, epoch: 0)
        _ = try a.appendAsLeader(batch(["c"]), requiredAcks: 1, nowMs: 1)
        // Epoch 1: A is down, B leads and writes [d], which A never sees.
        b.apply(.init(leader: 2, leaderEpoch: 1, replicas: [1, 2], isr: [2]), nowMs: 2)
        _ = try b.appendAsLeader(batch(["d"]), requiredAcks: 1, nowMs: 2)
        // Epoch 2: B is down, A comes back and leads (unclean) and writes [e].
        let epoch2 = Partition.Leadership(leader: 1, leaderEpoch: 2, replicas: [1, 2], isr: [1])
        a.apply(epoch2, nowMs: 3)
        _ = try a.appendAsLeader(batch(["e"]), requiredAcks: 1, nowMs: 3)
        // B returns as follower: A never saw epoch 1, so B cuts at the end of epoch 0 as both hold it (KIP-279).
        b.apply(epoch2, nowMs: 4)
        try follow(b, leader: a, epoch: 2)
        #expect(b.log.logEndOffset == a.log.logEndOffset)
        #expect(
            try b.log.read(from: 0, maxBytes: 1 << 20, upTo: .max) == a.log.read(from: 0, maxBytes: 1 << 20, upTo: .max)
        )
        #expect(b.log.epochEntries.map(\.epoch) == a.log.epochEntries.map(\.epoch))
    }

    @Test func hostileReplicationTrafficGetsErrorsNotCrashes() throws {
        let fixture = try Fixture()
        let leader = try fixture.partition(broker: 1)
        let follower = try fixture.partition(broker: 2)
        let leadership = Partition.Leadership(leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2])
        leader.apply(leadership, nowMs: 0)
        follower.apply(leadership, nowMs: 0)
        _ = try leader.appendAsLeader(batch(["a", "b"]), requiredAcks: 1, nowMs: 1)

        // A leader answering garbage, or batches behind the follower's log end.
        #expect(throws: PartitionError.self) {
            try follower.appendAsFollower(ByteBuffer(bytes: [0, 0, 0, 1, 2, 3, 4]), leaderEpoch: 0, leaderHighWatermark: 2)
        }
        try replicate(from: leader, to: follower, epoch: 0)
        let again = try leader.fetchedBytes(from: 0, forFollower: true)
        #expect(throws: PartitionError.self) {
            try follower.appendAsFollower(again, leaderEpoch: 0, leaderHighWatermark: 2)
        }
        #expect(follower.log.logEndOffset == 2)

        // Fetches from brokers that are not followers, or from beyond the log end, move nothing.
        let highWatermark = leader.log.highWatermark
        _ = leader.recordFollowerFetch(replica: 7, fetchOffset: 2, nowMs: 20)
        _ = leader.recordFollowerFetch(replica: 2, fetchOffset: 1_000, nowMs: 20)
        _ = leader.recordFollowerFetch(replica: -3, fetchOffset: 2, nowMs: 20)
        #expect(leader.log.highWatermark == highWatermark)
        #expect(throws: PartitionError.self) { try leader.fetchedBytes(from: 1_000, forFollower: true) }
    }
}

extension Partition {
    /// What a fetch from `offset` would answer, in memory, read the way the Fetch handler reads (`fetchRecords`).
    fileprivate func fetchedBytes(from offset: Int64, forFollower: Bool) throws -> ByteBuffer {
        switch try fetchRecords(from: offset, maxBytes: 1 << 20, forFollower: forFollower) {
        case .bytes(let bytes): return bytes
        case .inFile(let records): return try records.records.readBytes()
        }
    }
}
