import Foundation
import KafkaLog
import KafkaWire
import NIOCore
import Testing

@Suite struct PartitionLogMaintenanceTests {
    /// 12 single-record batches of ~150 bytes, timestamps 1000, 2000, ...; about 3 per segment.
    func filledLog(_ path: String, config: LogConfig) throws -> PartitionLog {
        let log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
        for index in 0..<12 {
            _ = try log.append(
                makeBatch(count: 1, first: index, timestamp: Int64(index + 1) * 1_000, valueSize: 80),
                leaderEpoch: 0,
                nowMs: 0
            )
        }
        return log
    }

    @Test func retentionByTimeDeletesOldSegmentsBelowTheHighWatermarkOnly() throws {
        try withTemporaryDirectory { directory in
            let config = LogConfig(segmentBytes: 500, retentionMs: 5_000)
            let log = try self.filledLog(directory + "/t-0", config: config)
            let before = log.segmentBaseOffsets
            #expect(before.count >= 4)
            // Nothing is below the high watermark yet.
            #expect(try log.enforceRetention(nowMs: 100_000) == 0)
            log.highWatermark = 12
            // At now = 12_500 records with timestamps < 7_500 are expired.
            let deleted = try log.enforceRetention(nowMs: 12_500)
            #expect(deleted > 0)
            #expect(log.logStartOffset == log.segmentBaseOffsets[0])
            #expect(throws: LogReadError.self) { try log.read(from: 0, maxBytes: 100, upTo: 12) }
            let first = try offsets(log.read(from: log.logStartOffset, maxBytes: 1, upTo: 12))
            #expect(first == [log.logStartOffset])
            // Everything expired: the active segment still stays.
            _ = try log.enforceRetention(nowMs: 1_000_000)
            #expect(log.segmentCount == 1 && log.logEndOffset == 12)
            try log.close()
        }
    }

    @Test func retentionBySizeKeepsTheNewestBytes() throws {
        try withTemporaryDirectory { directory in
            let config = LogConfig(segmentBytes: 500, retentionMs: -1, retentionBytes: 600)
            let log = try self.filledLog(directory + "/t-0", config: config)
            log.highWatermark = 12
            #expect(try log.enforceRetention(nowMs: 0) > 0)
            #expect(log.sizeInBytes <= 600 + 500)
            #expect(log.logEndOffset == 12)
            try log.close()
        }
    }

    @Test func deleteRecordsMovesTheLogStart() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let config = LogConfig(segmentBytes: 500)
            let log = try self.filledLog(path, config: config)
            #expect(throws: LogError.self) { try log.deleteRecords(before: 5) }  // above the high watermark
            log.highWatermark = 12
            #expect(try log.deleteRecords(before: 5) == 5)
            #expect(log.segmentBaseOffsets[0] <= 5)
            #expect(throws: LogReadError.self) { try log.read(from: 4, maxBytes: 100, upTo: 12) }
            #expect(try offsets(log.read(from: 5, maxBytes: 1, upTo: 12)) == [5])
            try log.close()
            let reopened = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            #expect(reopened.logStartOffset == 5)
            // Deleting everything leaves an empty log at the end offset.
            #expect(try reopened.deleteRecords(before: 12) == 12)
            #expect(reopened.segmentBaseOffsets == [12])
            #expect(try reopened.append(makeBatch(), leaderEpoch: 0, nowMs: 0).firstOffset == 12)
            try reopened.close()
        }
    }

    @Test func truncateRemovesRecordsAtAndAfterTheOffset() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let config = LogConfig(segmentBytes: 500, indexIntervalBytes: 10)
            let log = try self.filledLog(path, config: config)
            try log.assignEpochStart(epoch: 3, offset: 9)
            log.highWatermark = 12
            try log.truncate(to: 7)
            #expect(log.logEndOffset == 7 && log.highWatermark == 7)
            #expect(log.latestEpoch == 0)
            #expect(try offsets(log.read(from: 6, maxBytes: 1 << 20, upTo: 7)) == [6])
            #expect(try log.append(makeBatch(), leaderEpoch: 4, nowMs: 0).firstOffset == 7)
            try log.truncate(to: 0)
            #expect(log.logEndOffset == 0 && log.logStartOffset == 0 && log.segmentCount == 1)
            try log.close()
        }
    }

    @Test func followerAppendKeepsOffsetsAndRejectsGoingBackwards() throws {
        try withTemporaryDirectory { directory in
            let leader = try PartitionLog.open(directory: directory + "/l-0", config: LogConfig(), logger: testLogger)
            _ = try leader.append(makeBatch(count: 3), leaderEpoch: 5, nowMs: 0)
            _ = try leader.append(makeBatch(count: 2), leaderEpoch: 6, nowMs: 0)
            let fetched = try leader.read(from: 0, maxBytes: 1 << 20, upTo: leader.logEndOffset)
            let follower = try PartitionLog.open(directory: directory + "/f-0", config: LogConfig(), logger: testLogger)
            try follower.appendAsFollower(fetched)
            #expect(follower.logEndOffset == 5)
            #expect(follower.epochEntries.map(\.epoch) == [5, 6])
            #expect(follower.endOffset(forEpoch: 5) == (5, 3))
            #expect(throws: LogAppendError.offsetsOutOfOrder(expectedAtLeast: 5, received: 0)) {
                try follower.appendAsFollower(fetched)
            }
            try leader.close()
            try follower.close()
        }
    }

    @Test func epochCacheAnswersLikeOffsetForLeaderEpoch() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            #expect(log.endOffset(forEpoch: 0) == (-1, -1))
            try log.assignEpochStart(epoch: 1, offset: 0)
            _ = try log.append(makeBatch(count: 4), leaderEpoch: 1, nowMs: 0)
            try log.assignEpochStart(epoch: 3, offset: 4)
            _ = try log.append(makeBatch(count: 2), leaderEpoch: 3, nowMs: 0)
            try log.assignEpochStart(epoch: 2, offset: 6)  // older than the latest: ignored
            #expect(log.latestEpoch == 3)
            #expect(log.endOffset(forEpoch: 3) == (3, 6))
            #expect(log.endOffset(forEpoch: 2) == (1, 4))
            #expect(log.endOffset(forEpoch: 1) == (1, 4))
            #expect(log.endOffset(forEpoch: 0) == (0, 0))
            #expect(log.endOffset(forEpoch: 7) == (-1, -1))
            try log.close()
            let reopened = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            #expect(reopened.epochEntries.map(\.startOffset) == [0, 4])
            try reopened.close()
        }
    }

    @Test func truncateFullyRestartsTheLogAtAnOffset() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let log = try self.filledLog(path, config: LogConfig(segmentBytes: 500))
            try log.truncateFullyAndStart(at: 100)
            #expect(log.logStartOffset == 100 && log.logEndOffset == 100 && log.highWatermark == 100)
            #expect(log.segmentBaseOffsets == [100])
            #expect(throws: LogReadError.self) { try log.read(from: 5, maxBytes: 100, upTo: 100) }
            var replicated = makeBatch(count: 2)
            RecordBatchRewriter.setBaseOffset(100, in: &replicated, at: 0)
            try log.appendAsFollower(replicated)
            #expect(log.logEndOffset == 102)
            try log.close()
            let reopened = try PartitionLog.open(directory: path, config: LogConfig(), logger: testLogger)
            #expect(reopened.logStartOffset == 100 && reopened.logEndOffset == 102)
            try reopened.close()
        }
    }
}
