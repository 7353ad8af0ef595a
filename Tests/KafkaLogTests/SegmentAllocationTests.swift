import Foundation
import NIOCore
import Testing

@testable import KafkaLog

#if canImport(Glibc)
    import Glibc
#endif

#if os(Linux)
    /// Disk blocks allocated ahead of appends (`fallocate` keeping the size): the file's size never shows them,
    /// a sealed segment and a truncation give them back, and 0 turns them off.
    @Suite struct SegmentAllocationTests {
        /// Bytes of disk blocks the file holds (st_blocks counts 512-byte units).
        private func allocatedBytes(_ path: String) -> Int {
            var info = stat()
            guard stat(path, &info) == 0 else { return -1 }
            return Int(info.st_blocks) * 512
        }

        private func roundedToBlocks(_ size: Int) -> Int {
            (size + 4095) / 4096 * 4096
        }

        private func openLog(_ path: String, segmentBytes: Int, ahead: Int) throws -> PartitionLog {
            try PartitionLog.open(
                directory: path, config: LogConfig(segmentBytes: segmentBytes, segmentAllocateAheadBytes: ahead),
                logger: testLogger)
        }

        /// Appends `count` batches of one ~10 KB record each.
        private func append(_ log: PartitionLog, count: Int, first: Int = 0) throws {
            for index in first..<(first + count) {
                _ = try log.append(makeBatch(count: 1, first: index, valueSize: 10_000), leaderEpoch: 0, nowMs: 0)
            }
        }

        @Test func appendsAllocateAheadWithoutChangingTheFileSize() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/t-0"
                let log = try self.openLog(path, segmentBytes: 1 << 20, ahead: 256 << 10)
                try self.append(log, count: 10)
                let file = segmentLogPath(path, 0)
                #expect(try fileSize(file) == Int(log.sizeInBytes))
                // Blocks past the end are allocated: at each allocation as much again as the file held.
                #expect(self.allocatedBytes(file) > self.roundedToBlocks(Int(log.sizeInBytes)))
                #expect(try values(log.read(from: 0, maxBytes: 1 << 20, upTo: 10)).count == 10)
                // Closing seals the active segment: what it did not use goes back.
                try log.close()
                #expect(self.allocatedBytes(file) <= self.roundedToBlocks(try fileSize(file)))
                let reopened = try self.openLog(path, segmentBytes: 1 << 20, ahead: 256 << 10)
                #expect(reopened.logEndOffset == 10)
                try self.append(reopened, count: 5, first: 10)
                #expect(try values(reopened.read(from: 0, maxBytes: 1 << 20, upTo: 15)).count == 15)
                try reopened.close()
            }
        }

        @Test func aRolledSegmentGivesBackWhatItDidNotUse() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/t-0"
                let log = try self.openLog(path, segmentBytes: 64 << 10, ahead: 16 << 20)
                try self.append(log, count: 20)
                let bases = log.segmentBaseOffsets
                #expect(bases.count >= 3)
                for base in bases.dropLast() {
                    let file = segmentLogPath(path, base)
                    #expect(self.allocatedBytes(file) <= self.roundedToBlocks(try fileSize(file)))
                }
                // Never allocated past the roll size, however large the cap.
                if let last = bases.last {
                    #expect(self.allocatedBytes(segmentLogPath(path, last)) <= 64 << 10)
                }
                try log.close()
            }
        }

        @Test func aTruncationReleasesTheBlocksAndLaterAppendsAllocateAgain() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/t-0"
                let log = try self.openLog(path, segmentBytes: 1 << 20, ahead: 256 << 10)
                try self.append(log, count: 10)
                try log.truncate(to: 4)
                let file = segmentLogPath(path, 0)
                #expect(try fileSize(file) == Int(log.sizeInBytes))
                #expect(self.allocatedBytes(file) <= self.roundedToBlocks(Int(log.sizeInBytes)))
                try self.append(log, count: 7, first: 4)
                #expect(self.allocatedBytes(file) > self.roundedToBlocks(Int(log.sizeInBytes)))
                #expect(try values(log.read(from: 0, maxBytes: 1 << 20, upTo: 11)).count == 11)
                try log.close()
            }
        }

        @Test func aFailedAllocationChangesNothingAndIsNotAnError() {
            var allocation = SegmentAllocation()
            // A descriptor that is not open: fallocate fails (EBADF); the write that follows reports its own error.
            allocation.allocate(through: 4096, limit: 1 << 20, maximumAhead: 16 << 20, descriptor: -1)
            #expect(allocation.allocatedEnd == 0)
            #expect(allocation.isSupported)
            // A pipe cannot be allocated either (ESPIPE): still no state change, and a later try is still made.
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            defer {
                close(ends[0])
                close(ends[1])
            }
            allocation.allocate(through: 4096, limit: 1 << 20, maximumAhead: 16 << 20, descriptor: ends[1])
            #expect(allocation.allocatedEnd == 0)
        }

        @Test func zeroTurnsItOff() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/t-0"
                let log = try self.openLog(path, segmentBytes: 1 << 20, ahead: 0)
                try self.append(log, count: 10)
                let file = segmentLogPath(path, 0)
                #expect(self.allocatedBytes(file) <= self.roundedToBlocks(Int(log.sizeInBytes)))
                try log.close()
            }
        }
    }
#endif
