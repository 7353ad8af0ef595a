import Durability
import Testing

@Suite struct ReplicaComparisonTests {
    /// Batches of `size` records each from `start`, with bytes derived from the offsets (and `salt`).
    static func log(broker: Int32 = 0, start: Int64 = 0, batches: Int, size: Int64 = 5, salt: UInt8 = 0) -> ReplicaLog {
        let list = (0..<Int64(batches)).map { index -> ReplicaBatch in
            let base = start + index * size
            return ReplicaBatch(
                baseOffset: base, lastOffset: base + size - 1, bytes: [UInt8(truncatingIfNeeded: base), salt, 7, 7])
        }
        return ReplicaLog(broker: broker, logStartOffset: start, highWatermark: start + Int64(batches) * size,
            batches: list)
    }

    @Test func identicalLogsAreIdentical() {
        let leader = Self.log(batches: 10)
        #expect(ReplicaComparison.compare(leader: leader, follower: Self.log(broker: 1, batches: 10), upTo: 50)
            == .identical)
    }

    @Test func onlyTheRangeBelowTheHighWatermarkCounts() {
        // The follower lacks the leader's last two batches, which are above the limit: not a difference.
        let leader = Self.log(batches: 10)
        let follower = Self.log(broker: 1, batches: 8)
        #expect(ReplicaComparison.compare(leader: leader, follower: follower, upTo: 40) == .identical)
        #expect(ReplicaComparison.compare(leader: leader, follower: follower, upTo: 41) == .behind(endOffset: 40))
    }

    @Test func aDifferentByteIsADivergenceAtItsBatch() {
        let leader = Self.log(batches: 10)
        var follower = Self.log(broker: 1, batches: 10)
        follower.batches[6].bytes[3] = 9
        let finding = ReplicaComparison.compare(leader: leader, follower: follower, upTo: 50)
        guard case .diverges(let offset, let detail) = finding else {
            Issue.record("expected a divergence, got \(finding)")
            return
        }
        #expect(offset == 30)
        #expect(detail.contains("byte 3"))
    }

    @Test func differentBatchBoundariesDivergeAtTheEarlierStart() {
        let leader = Self.log(batches: 4, size: 5)
        var follower = Self.log(broker: 1, batches: 2, size: 5)
        // A batch 10...12 where the leader has 10...14: an unreplicated tail the follower never truncated.
        follower.batches.append(ReplicaBatch(baseOffset: 10, lastOffset: 12, bytes: [1]))
        #expect(
            ReplicaComparison.compare(leader: leader, follower: follower, upTo: 20)
                == .diverges(offset: 10, detail: "leader batch 10...14, replica batch 10...12"))
    }

    @Test func theComparisonStartsAtTheLaterLogStart() {
        // Retention deleted the follower's first segment: what is left must still match.
        let leader = Self.log(batches: 10)
        let follower = Self.log(broker: 1, start: 20, batches: 6)
        #expect(ReplicaComparison.compare(leader: leader, follower: follower, upTo: 50) == .identical)
        var damaged = follower
        damaged.batches[0].bytes[1] = 1
        #expect(ReplicaComparison.compare(leader: leader, follower: damaged, upTo: 50)
            != .identical)
    }

    @Test func anEmptyFollowerIsBehindUnlessNothingIsCommitted() {
        let leader = Self.log(batches: 3)
        let empty = ReplicaLog(broker: 1, logStartOffset: 0, highWatermark: 0, batches: [])
        #expect(ReplicaComparison.compare(leader: leader, follower: empty, upTo: 15) == .behind(endOffset: 0))
        #expect(ReplicaComparison.compare(leader: leader, follower: empty, upTo: 0) == .identical)
    }

    @Test func partitionVerdictIgnoresLaggardsOutsideTheIsrButNotFullReplication() {
        var partition = PartitionConsistency(
            topic: "t", partition: 0, leader: 1, highWatermark: 50, isr: [1, 2],
            findings: [2: .identical, 0: .diverges(offset: 40, detail: "x")])
        #expect(partition.isConsistent)
        #expect(!partition.isFullyReplicated)
        #expect(partition.summary.contains("replica 0 diverges at offset 40: x (not in ISR)"))
        partition.isr = [0, 1, 2]
        #expect(!partition.isConsistent)
        #expect(partition.summary.hasPrefix("t-0 DIVERGENT"))
        partition.findings[0] = .identical
        #expect(partition.isConsistent && partition.isFullyReplicated)
        partition.leader = -1
        #expect(!partition.isConsistent)
        #expect(partition.summary == "t-0 NO LEADER")
    }
}
