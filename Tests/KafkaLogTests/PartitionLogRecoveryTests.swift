import Foundation
import KafkaLog
import KafkaWire
import NIOCore
import Testing

@Suite struct PartitionLogRecoveryTests {
    /// Appends 10 batches of 2 records, then "crashes" (drops the log without close).
    func crashedLog(_ path: String, config: LogConfig) throws {
        let log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
        for index in 0..<10 {
            _ = try log.append(makeBatch(count: 2, first: index * 2, valueSize: 30), leaderEpoch: 0, nowMs: 0)
        }
        try log.flush()  // recovery point at 20; what follows is the suspect tail
        for index in 10..<12 {
            _ = try log.append(makeBatch(count: 2, first: index * 2, valueSize: 30), leaderEpoch: 1, nowMs: 0)
        }
    }

    @Test func tornTailIsCutAndAppendsContinue() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            try self.crashedLog(path, config: LogConfig())
            let file = segmentLogPath(path, 0)
            let size = try fileSize(file)
            let handle = try #require(FileHandle(forUpdatingAtPath: file))
            try handle.truncate(atOffset: UInt64(size - 10))  // the last batch is now torn
            try handle.close()
            let log = try PartitionLog.open(directory: path, config: LogConfig(), logger: testLogger)
            #expect(log.logEndOffset == 22)
            let all = try log.read(from: 0, maxBytes: 1 << 20, upTo: 22)
            #expect(try values(all) == (0..<22).map { "v\($0)" })
            #expect(try log.append(makeBatch(count: 1, first: 99), leaderEpoch: 2, nowMs: 0).firstOffset == 22)
            try log.close()
        }
    }

    @Test func garbageAfterTheLastBatchIsCut() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            try self.crashedLog(path, config: LogConfig())
            let file = segmentLogPath(path, 0)
            let size = try fileSize(file)
            let handle = try #require(FileHandle(forUpdatingAtPath: file))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(repeating: 0xAB, count: 100))
            try handle.close()
            let log = try PartitionLog.open(directory: path, config: LogConfig(), logger: testLogger)
            #expect(log.logEndOffset == 24)
            #expect(try fileSize(file) == size)
            try log.close()
        }
    }

    @Test func flippedByteInTheLastBatchCutsThatBatch() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            try self.crashedLog(path, config: LogConfig())
            let file = segmentLogPath(path, 0)
            let size = try fileSize(file)
            let handle = try #require(FileHandle(forUpdatingAtPath: file))
            try handle.seek(toOffset: UInt64(size - 5))
            try handle.write(contentsOf: Data([0xEE]))
            try handle.close()
            let log = try PartitionLog.open(directory: path, config: LogConfig(), logger: testLogger)
            #expect(log.logEndOffset == 22)
            #expect(try offsets(log.read(from: 20, maxBytes: 1 << 20, upTo: 22)) == [20, 21])
            // The epoch cache was rebuilt from the surviving batches: epoch 1 starts at 20.
            #expect(log.latestEpoch == 1)
            #expect(log.endOffset(forEpoch: 0) == (0, 20))
            #expect(try log.append(makeBatch(count: 2), leaderEpoch: 2, nowMs: 0).firstOffset == 22)
            try log.close()
        }
    }

    @Test func corruptionInAnOlderSegmentDropsLaterSegments() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let config = LogConfig(segmentBytes: 300)
            let log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            for index in 0..<10 {
                _ = try log.append(makeBatch(count: 1, first: index, valueSize: 100), leaderEpoch: 0, nowMs: 0)
            }
            let bases = log.segmentBaseOffsets
            #expect(bases.count >= 3)
            // Simulate a crash before anything was flushed by removing the checkpoint (recovery from 0).
            try FileManager.default.removeItem(atPath: path + "/partition-checkpoint")
            let victim = segmentLogPath(path, bases[1])
            let handle = try #require(FileHandle(forUpdatingAtPath: victim))
            try handle.seek(toOffset: 70)
            try handle.write(contentsOf: Data([0x00, 0x11]))
            try handle.close()
            let recovered = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            #expect(recovered.logEndOffset == bases[1])
            #expect(recovered.segmentBaseOffsets == [bases[0], bases[1]])
            #expect(!FileManager.default.fileExists(atPath: segmentLogPath(path, bases[2])))
            try recovered.close()
        }
    }

    @Test func cleanShutdownSkipsRecoveryAndKeepsEverything() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let config = LogConfig(segmentBytes: 500, indexIntervalBytes: 50)
            let log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            for index in 0..<30 {
                _ = try log.append(makeBatch(count: 1, first: index, valueSize: 40), leaderEpoch: 0, nowMs: 0)
            }
            log.highWatermark = 25
            try log.close()
            #expect(FileManager.default.fileExists(atPath: path + "/.kafka_cleanshutdown"))
            let reopened = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            #expect(!FileManager.default.fileExists(atPath: path + "/.kafka_cleanshutdown"))
            #expect(reopened.logEndOffset == 30 && reopened.highWatermark == 25)
            #expect(try offsets(reopened.read(from: 17, maxBytes: 1, upTo: 30)) == [17])
            try reopened.close()
        }
    }
}
