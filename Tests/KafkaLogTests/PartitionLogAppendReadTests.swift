import Foundation
import KafkaLog
import KafkaWire
import NIOCore
import Testing

@Suite struct PartitionLogAppendReadTests {
    @Test func appendAssignsOffsetsAndReadsBackAcrossSegmentRolls() throws {
        try withTemporaryDirectory { directory in
            let config = LogConfig(segmentBytes: 1_000, indexIntervalBytes: 100)
            let log = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            var next = 0
            for round in 0..<40 {
                let count = 1 + round % 3
                let info = try log.append(makeBatch(count: count, first: next, valueSize: 20), leaderEpoch: 0, nowMs: 0)
                #expect(info.firstOffset == Int64(next) && info.lastOffset == Int64(next + count - 1))
                #expect(!info.isDuplicate && info.logAppendTimeMs == -1)
                next += count
            }
            #expect(log.logEndOffset == Int64(next))
            #expect(log.segmentCount > 3)
            // Read everything back, segment by segment.
            var offset: Int64 = 0
            var seen: [String] = []
            while offset < log.logEndOffset {
                let chunk = try log.read(from: offset, maxBytes: 300, upTo: log.logEndOffset)
                let decoded = try RecordBatchDecoder.decodeRecords(in: chunk)
                #expect(!decoded.isEmpty)
                seen += try values(chunk)
                offset = (decoded.last?.offset ?? offset) + 1
            }
            #expect(seen == (0..<next).map { "v\($0)" })
            try log.close()
            // Reopen cleanly: same content.
            let reopened = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            #expect(reopened.logEndOffset == Int64(next))
            let tail = try reopened.read(from: Int64(next - 1), maxBytes: 1_000, upTo: Int64(next))
            #expect(try offsets(tail).last == Int64(next - 1))
            try reopened.close()
        }
    }

    @Test func readFromTheMiddleOfABatchReturnsTheWholeBatch() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            _ = try log.append(makeBatch(count: 5), leaderEpoch: 0, nowMs: 0)
            _ = try log.append(makeBatch(count: 5, first: 5), leaderEpoch: 0, nowMs: 0)
            let chunk = try log.read(from: 7, maxBytes: 1 << 20, upTo: 10)
            #expect(try offsets(chunk) == [5, 6, 7, 8, 9])
            // maxBytes smaller than one batch still returns that one batch.
            let one = try log.read(from: 2, maxBytes: 1, upTo: 10)
            #expect(try offsets(one) == [0, 1, 2, 3, 4])
            // The high watermark excludes batches that end at or after it.
            let belowHighWatermark = try log.read(from: 0, maxBytes: 1 << 20, upTo: 7)
            #expect(try offsets(belowHighWatermark) == [0, 1, 2, 3, 4])
            #expect(try log.read(from: 10, maxBytes: 100, upTo: 10).readableBytes == 0)
            try log.close()
        }
    }

    @Test func offsetsOutsideTheLogAreOutOfRange() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            _ = try log.append(makeBatch(count: 3), leaderEpoch: 0, nowMs: 0)
            #expect(throws: LogReadError.offsetOutOfRange(requested: 4, logStartOffset: 0, logEndOffset: 3)) {
                try log.read(from: 4, maxBytes: 100, upTo: 3)
            }
            #expect(throws: LogReadError.self) { try log.read(from: -1, maxBytes: 100, upTo: 3) }
            #expect(LogReadError.offsetOutOfRange(requested: 0, logStartOffset: 0, logEndOffset: 0).kafkaErrorCode == 1)
            try log.close()
        }
    }

    @Test func invalidAppendsAreRejectedWhole() throws {
        try withTemporaryDirectory { directory in
            let config = LogConfig(maxMessageBytes: 500)
            let log = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            var corrupt = makeBatch(count: 2)
            corrupt.setInteger(UInt8(0x55), at: corrupt.writerIndex - 2)
            var mixed = makeBatch(count: 1)
            mixed.writeImmutableBuffer(corrupt)
            #expect(throws: LogAppendError.self) { try log.append(mixed, leaderEpoch: 0, nowMs: 0) }
            do throws(LogAppendError) {
                _ = try log.append(mixed, leaderEpoch: 0, nowMs: 0)
            } catch {
                #expect(error.kafkaErrorCode == 2)
            }
            do throws(LogAppendError) {
                _ = try log.append(makeBatch(count: 1, valueSize: 600), leaderEpoch: 0, nowMs: 0)
                Issue.record("oversized batch accepted")
            } catch {
                #expect(error.kafkaErrorCode == 10)
            }
            #expect(throws: LogAppendError.self) { try log.append(ByteBuffer(), leaderEpoch: 0, nowMs: 0) }
            #expect(throws: LogAppendError.self) {
                try log.append(ByteBuffer(bytes: [0, 1, 2, 3, 4]), leaderEpoch: 0, nowMs: 0)
            }
            #expect(log.logEndOffset == 0)
            try log.close()
        }
    }

    @Test func logAppendTimeStampsTheBatch() throws {
        try withTemporaryDirectory { directory in
            let config = LogConfig(messageTimestampType: .logAppendTime)
            let log = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            let info = try log.append(makeBatch(count: 2, timestamp: 5), leaderEpoch: 3, nowMs: 77_000)
            #expect(info.logAppendTimeMs == 77_000)
            let data = try log.read(from: 0, maxBytes: 1 << 20, upTo: 2)
            let header = try RecordBatchHeader.validate(in: data, at: 0)
            #expect(header.timestampType == .logAppendTime && header.maxTimestamp == 77_000)
            #expect(header.partitionLeaderEpoch == 3)
            try log.close()
        }
    }

    @Test func timeIndexFindsTheFirstRecordAtOrAfterATimestamp() throws {
        try withTemporaryDirectory { directory in
            let config = LogConfig(segmentBytes: 2_000, indexIntervalBytes: 64)
            let log = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            for batch in 0..<50 {
                _ = try log.append(
                    makeBatch(count: 2, first: batch * 2, timestamp: 10_000 + Int64(batch) * 100, valueSize: 10),
                    leaderEpoch: 0,
                    nowMs: 0
                )
            }
            #expect(log.segmentCount > 1)
            #expect(try lookup(log, 0) == [0, 10_000])
            // Batch 20 holds timestamps 12000 and 12001 at offsets 40 and 41.
            #expect(try lookup(log, 12_001) == [41, 12_001])
            #expect(try lookup(log, 12_002) == [42, 12_100])
            #expect(try lookup(log, 99_999) == nil)
            try log.close()
            let reopened = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            #expect(try lookup(reopened, 12_050) == [42, 12_100])
            try reopened.close()
        }
    }

    @Test func concurrentAppendsAndReadsStayConsistent() async throws {
        try await withTemporaryDirectoryAsync { directory in
            let log = try PartitionLog.open(
                directory: directory + "/t-0",
                config: LogConfig(segmentBytes: 20_000),
                logger: testLogger
            )
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<100 {
                            _ = try? log.append(
                                makeBatch(count: 2, first: writer * 1000 + index),
                                leaderEpoch: 0,
                                nowMs: 0
                            )
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<100 {
                        let end = log.logEndOffset
                        if end > 0 { _ = try? log.read(from: end / 2, maxBytes: 4_096, upTo: end) }
                    }
                }
            }
            #expect(log.logEndOffset == 800)
            var offset: Int64 = 0
            var count = 0
            while offset < 800 {
                let decoded = try RecordBatchDecoder.decodeRecords(
                    in: try log.read(from: offset, maxBytes: 1 << 16, upTo: 800)
                )
                #expect(decoded.first?.offset == offset)
                count += decoded.count
                offset = (decoded.last?.offset ?? 799) + 1
            }
            #expect(count == 800)
            try log.close()
        }
    }
}

func withTemporaryDirectoryAsync(_ body: (String) async throws -> Void) async throws {
    let path = NSTemporaryDirectory() + "kafkalog-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(path)
}

func lookup(_ log: PartitionLog, _ timestamp: Int64) throws -> [Int64]? {
    try log.offset(forTimestamp: timestamp).map { [$0.offset, $0.timestamp] }
}
