import Foundation
import KafkaLog
import KafkaWire
import NIOCore
import Testing

@Suite struct PartitionLogConcurrencyTests {
    /// Readers race with appends and with retention deleting the segments they read. Every non-empty answer
    /// must be whole, valid batches starting at or before the offset asked for; out-of-range is the only error.
    @Test func readsStayValidWhileRetentionDeletesSegments() async throws {
        try await withTemporaryDirectoryAsync { directory in
            let config = LogConfig(segmentBytes: 2_000, retentionMs: -1, retentionBytes: 6_000)
            let log = try PartitionLog.open(directory: directory + "/t-0", config: config, logger: testLogger)
            let failures = await withTaskGroup(of: Int.self) { group in
                group.addTask {
                    for index in 0..<400 {
                        _ = try? log.append(
                            makeBatch(count: 2, first: index * 2, valueSize: 40),
                            leaderEpoch: 0,
                            nowMs: 0
                        )
                        log.highWatermark = log.logEndOffset
                        if index % 10 == 0 { _ = try? log.enforceRetention(nowMs: 0) }
                    }
                    return 0
                }
                for _ in 0..<2 {
                    group.addTask {
                        var failures = 0
                        for _ in 0..<400 {
                            let offset = max(log.logStartOffset, log.logEndOffset - 30)
                            do {
                                let data = try log.read(from: offset, maxBytes: 1_000, upTo: log.logEndOffset)
                                guard data.readableBytes > 0 else { continue }
                                let batches = try RecordBatchHeader.validateAll(in: data)
                                if let first = batches.first?.header,
                                    first.baseOffset > offset || first.lastOffset < offset
                                {
                                    failures += 1
                                }
                            } catch let error as LogReadError {
                                if case .offsetOutOfRange = error { continue }
                                failures += 1
                            } catch {
                                failures += 1
                            }
                        }
                        return failures
                    }
                }
                return await group.reduce(0, +)
            }
            #expect(failures == 0)
            #expect(log.logEndOffset == 800)
            #expect(log.logStartOffset > 0)
            try log.close()
        }
    }
}
