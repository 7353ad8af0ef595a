import Foundation
import KafkaLog
import KafkaWire
import NIOCore
import Testing

/// Side files (indexes, snapshots, checkpoints) can be damaged too; the log must rebuild rather than trust them.
@Suite struct PartitionLogDamagedFilesTests {
    @Test func damagedIndexSnapshotAndCheckpointsAreRebuilt() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let config = LogConfig(indexIntervalBytes: 50)
            let log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            for index in 0..<20 {
                let producer = RecordBatchBuilder.Producer(id: 5, epoch: 0, baseSequence: Int32(index))
                _ = try log.append(makeBatch(count: 1, first: index, producer: producer), leaderEpoch: 2, nowMs: 0)
            }
            try log.close()
            let garbage = Data([0x01, 0x02, 0x03])
            for name in try FileManager.default.contentsOfDirectory(atPath: path) where !name.hasSuffix(".log") {
                try garbage.write(to: URL(fileURLWithPath: path + "/" + name))
            }
            let reopened = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            #expect(reopened.logEndOffset == 20)
            #expect(try offsets(reopened.read(from: 13, maxBytes: 1, upTo: 20)) == [13])
            #expect(reopened.latestEpoch == 2)
            let resent = try reopened.append(
                makeBatch(count: 1, producer: .init(id: 5, epoch: 0, baseSequence: 19)),
                leaderEpoch: 2,
                nowMs: 0
            )
            #expect(resent.isDuplicate && resent.firstOffset == 19)
            try reopened.close()
        }
    }

    @Test func segmentAgeRollsTheActiveSegment() throws {
        try withTemporaryDirectory { directory in
            let config = LogConfig(segmentMs: 1_000)
            let log = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            _ = try log.append(makeBatch(), leaderEpoch: 0, nowMs: 10_000)
            _ = try log.append(makeBatch(), leaderEpoch: 0, nowMs: 10_500)
            #expect(log.segmentCount == 1)
            _ = try log.append(makeBatch(), leaderEpoch: 0, nowMs: 11_000)
            #expect(log.segmentBaseOffsets == [0, 2])
            try log.close()
        }
    }

    @Test func closedLogRefusesWork() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            try log.close()
            try log.close()
            #expect(throws: LogAppendError.self) { try log.append(makeBatch(), leaderEpoch: 0, nowMs: 0) }
            #expect(throws: LogReadError.self) { try log.read(from: 0, maxBytes: 10, upTo: 0) }
            #expect(throws: LogError.closed) { try log.truncate(to: 0) }
        }
    }
}

@Suite struct PartitionLogHostileOffsetsTests {
    @Test func followerBatchWithAnAbsurdBaseOffsetIsRejected() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            var batch = makeBatch(count: 3)
            RecordBatchRewriter.setBaseOffset(Int64.max - 1, in: &batch, at: 0)
            #expect(throws: LogAppendError.self) { try log.appendAsFollower(batch) }
            RecordBatchRewriter.setBaseOffset(-5, in: &batch, at: 0)
            #expect(throws: LogAppendError.self) { try log.appendAsFollower(batch) }
            #expect(log.logEndOffset == 0)
            try log.close()
        }
    }

    /// BaseOffset is outside the CRC: a damaged one must be caught by recovery's offset checks, not crash it.
    @Test func recoveryCutsABatchWhoseBaseOffsetWasDamaged() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let log = try PartitionLog.open(directory: path, config: LogConfig(), logger: testLogger)
            _ = try log.append(makeBatch(count: 2), leaderEpoch: 0, nowMs: 0)
            let second = try log.append(makeBatch(count: 2, first: 2), leaderEpoch: 0, nowMs: 0)
            #expect(second.firstOffset == 2)
            let firstSize = makeBatch(count: 2).readableBytes
            let handle = try #require(FileHandle(forUpdatingAtPath: segmentLogPath(path, 0)))
            try handle.seek(toOffset: UInt64(firstSize))
            try handle.write(contentsOf: Data([0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]))
            try handle.close()
            let reopened = try PartitionLog.open(directory: path, config: LogConfig(), logger: testLogger)
            #expect(reopened.logEndOffset == 2)
            try reopened.close()
        }
    }
}
