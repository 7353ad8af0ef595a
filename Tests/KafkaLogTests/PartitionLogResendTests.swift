import Dispatch
import KafkaLog
import KafkaWire
import NIOCore
import Synchronization
import Testing

/// Resends of one idempotent batch, as the SIGSTOP durability run produces them: a request and its retry on another
/// connection released at once by the pause fence, and a retry reaching a new leader that has the original by
/// replication. Each must leave exactly one copy in the log.
@Suite struct PartitionLogResendTests {
    func batch(sequence: Int32, count: Int = 3) -> ByteBuffer {
        makeBatch(count: count, producer: .init(id: 42, epoch: 0, baseSequence: sequence))
    }

    @Test func copiesOfOneBatchAppendedConcurrentlyAreWrittenOnce() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            _ = try log.append(self.batch(sequence: 0), leaderEpoch: 0, nowMs: 0)
            let resend = self.batch(sequence: 3)
            let written = Atomic<Int>(0)
            let duplicates = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 16) { _ in
                guard let info = try? log.append(resend, leaderEpoch: 0, nowMs: 0) else { return }
                if info.isDuplicate {
                    #expect(info.firstOffset == 3 && info.lastOffset == 5)
                    duplicates.add(1, ordering: .relaxed)
                } else {
                    written.add(1, ordering: .relaxed)
                }
            }
            #expect(written.load(ordering: .relaxed) == 1)
            #expect(duplicates.load(ordering: .relaxed) == 15)
            #expect(log.logEndOffset == 6)
            try log.close()
        }
    }

    @Test func aFollowerThatBecomesLeaderRecognisesAResendOfAReplicatedBatch() throws {
        try withTemporaryDirectory { directory in
            let leader = try PartitionLog.open(directory: directory + "/l-0", config: LogConfig(), logger: testLogger)
            let follower = try PartitionLog.open(
                directory: directory + "/f-0", config: LogConfig(), logger: testLogger)
            for sequence in stride(from: Int32(0), to: 12, by: 3) {
                _ = try leader.append(self.batch(sequence: sequence), leaderEpoch: 0, nowMs: 0)
            }
            try follower.appendAsFollower(try leader.read(from: 0, maxBytes: 1 << 20, upTo: leader.logEndOffset))
            // The follower also truncates and fetches the tail again (a divergence check), then takes over.
            try follower.truncate(to: 6)
            try follower.appendAsFollower(try leader.read(from: 6, maxBytes: 1 << 20, upTo: leader.logEndOffset))
            let resend = try follower.append(self.batch(sequence: 9), leaderEpoch: 1, nowMs: 0)
            #expect(resend.isDuplicate && resend.firstOffset == 9 && resend.lastOffset == 11)
            #expect(follower.logEndOffset == 12)
            try follower.close()
            // Reopened (a restart), it still knows.
            let reopened = try PartitionLog.open(
                directory: directory + "/f-0", config: LogConfig(), logger: testLogger)
            #expect(try reopened.append(self.batch(sequence: 6), leaderEpoch: 1, nowMs: 0).isDuplicate)
            #expect(reopened.logEndOffset == 12)
            try reopened.close()
            try leader.close()
        }
    }
}
