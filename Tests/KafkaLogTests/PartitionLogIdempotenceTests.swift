import KafkaLog
import KafkaWire
import NIOCore
import Testing

@Suite struct PartitionLogIdempotenceTests {
    func batch(_ producerId: Int64, epoch: Int16, sequence: Int32, count: Int = 2) -> ByteBuffer {
        makeBatch(count: count, producer: .init(id: producerId, epoch: epoch, baseSequence: sequence))
    }

    @Test func duplicateReturnsOriginalOffsetsWithoutWriting() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            let first = try log.append(self.batch(1, epoch: 0, sequence: 0), leaderEpoch: 0, nowMs: 0)
            _ = try log.append(makeBatch(count: 3), leaderEpoch: 0, nowMs: 0)
            let second = try log.append(self.batch(1, epoch: 0, sequence: 2), leaderEpoch: 0, nowMs: 0)
            #expect(second.firstOffset == 5 && second.lastOffset == 6)
            let again = try log.append(self.batch(1, epoch: 0, sequence: 0), leaderEpoch: 0, nowMs: 0)
            #expect(again.isDuplicate && again.firstOffset == first.firstOffset && again.lastOffset == first.lastOffset)
            #expect(log.logEndOffset == 7)
            try log.close()
        }
    }

    @Test func sequenceGapIsOutOfOrderAndOldEpochIsFenced() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            _ = try log.append(self.batch(9, epoch: 1, sequence: 0), leaderEpoch: 0, nowMs: 0)
            #expect(throws: LogAppendError.outOfOrderSequence(producerId: 9, expected: 2, received: 5)) {
                try log.append(self.batch(9, epoch: 1, sequence: 5), leaderEpoch: 0, nowMs: 0)
            }
            #expect(throws: LogAppendError.invalidProducerEpoch(producerId: 9, current: 1, received: 0)) {
                try log.append(self.batch(9, epoch: 0, sequence: 2), leaderEpoch: 0, nowMs: 0)
            }
            // A new epoch must restart at sequence 0.
            #expect(throws: LogAppendError.outOfOrderSequence(producerId: 9, expected: 0, received: 2)) {
                try log.append(self.batch(9, epoch: 2, sequence: 2), leaderEpoch: 0, nowMs: 0)
            }
            _ = try log.append(self.batch(9, epoch: 2, sequence: 0), leaderEpoch: 0, nowMs: 0)
            // An unknown producer starting mid-stream.
            #expect(throws: LogAppendError.unknownProducerId(producerId: 10, sequence: 3)) {
                try log.append(self.batch(10, epoch: 0, sequence: 3), leaderEpoch: 0, nowMs: 0)
            }
            #expect(LogAppendError.outOfOrderSequence(producerId: 0, expected: 0, received: 1).kafkaErrorCode == 45)
            #expect(LogAppendError.invalidProducerEpoch(producerId: 0, current: 0, received: 0).kafkaErrorCode == 47)
            #expect(LogAppendError.unknownProducerId(producerId: 0, sequence: 0).kafkaErrorCode == 59)
            #expect(log.logEndOffset == 4)
            try log.close()
        }
    }

    @Test func onlyTheLastFiveBatchesAreRemembered() throws {
        try withTemporaryDirectory { directory in
            let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: testLogger)
            for index in 0..<7 {
                _ = try log.append(self.batch(4, epoch: 0, sequence: Int32(index * 2)), leaderEpoch: 0, nowMs: 0)
            }
            let recent = try log.append(self.batch(4, epoch: 0, sequence: 4), leaderEpoch: 0, nowMs: 0)
            #expect(recent.isDuplicate && recent.firstOffset == 4)
            // Batch 0 fell out of the window: it is neither a duplicate nor the next sequence.
            #expect(throws: LogAppendError.self) {
                try log.append(self.batch(4, epoch: 0, sequence: 0), leaderEpoch: 0, nowMs: 0)
            }
            try log.close()
        }
    }

    @Test func stateSurvivesCleanReopenAndCrash() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t-0"
            let config = LogConfig(segmentBytes: 400)
            var log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            for index in 0..<6 {
                _ = try log.append(self.batch(3, epoch: 0, sequence: Int32(index * 2)), leaderEpoch: 0, nowMs: 0)
            }
            try log.close()
            log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            #expect(try log.append(self.batch(3, epoch: 0, sequence: 10), leaderEpoch: 0, nowMs: 0).isDuplicate)
            _ = try log.append(self.batch(3, epoch: 0, sequence: 12), leaderEpoch: 0, nowMs: 0)
            // Crash: no close, so no snapshot at the end; state comes from the roll snapshot plus a replay.
            log = try PartitionLog.open(directory: path, config: config, logger: testLogger)
            let resent = try log.append(self.batch(3, epoch: 0, sequence: 12), leaderEpoch: 0, nowMs: 0)
            #expect(resent.isDuplicate && resent.firstOffset == 12)
            #expect(throws: LogAppendError.self) {
                try log.append(self.batch(3, epoch: 0, sequence: 20), leaderEpoch: 0, nowMs: 0)
            }
            #expect(try log.append(self.batch(3, epoch: 0, sequence: 14), leaderEpoch: 0, nowMs: 0).firstOffset == 14)
            try log.close()
        }
    }
}
