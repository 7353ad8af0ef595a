import Foundation
import KafkaLog
import KafkaWire
import NIOCore
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Reads that leave the batches in the segment file (a fetch answer sends them with `sendfile`): they must find the
/// same batches as a read into memory, and a send must never outlive a truncation of its bytes unnoticed.
@Suite struct PartitionLogFileReadTests {
    private func filledLog(_ directory: String) throws -> PartitionLog {
        let log = try PartitionLog.open(
            directory: directory + "/t-0", config: LogConfig(segmentBytes: 2_000, indexIntervalBytes: 150),
            logger: testLogger)
        var next = 0
        for round in 0..<60 {
            let count = 1 + round % 4
            _ = try log.append(makeBatch(count: count, first: next, valueSize: 10 + round % 7), leaderEpoch: 0, nowMs: 0)
            next += count
        }
        return log
    }

    /// The bytes a send would put on the wire, read through the send's own descriptor.
    private func bytesOnTheWire(_ send: FileRecordsSend) throws -> ByteBuffer {
        let region = send.region
        var buffer = ByteBuffer()
        try region.fileHandle.withUnsafeFileDescriptor { descriptor in
            let count = region.readableBytes
            buffer.reserveCapacity(count)
            let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
                max(0, pread(descriptor, pointer.baseAddress, count, off_t(region.readerIndex)))
            }
            #expect(got == count)
        }
        return buffer
    }

    @Test func findsTheSameBatchesAsAReadIntoMemory() throws {
        try withTemporaryDirectory { directory in
            let log = try filledLog(directory)
            defer { try? log.close() }
            let end = log.logEndOffset
            for offset in 0..<end {
                for maxBytes in [1, 90, 400, 1 << 20] {
                    for limit in [end, max(1, offset + 3), Int64.max] where limit > offset || limit == end {
                        let inMemory = try log.read(from: offset, maxBytes: maxBytes, upTo: limit)
                        let inFile = try log.readInFile(from: offset, maxBytes: maxBytes, upTo: limit)
                        #expect(
                            try inFile?.readBytes() ?? ByteBuffer() == inMemory,
                            "offset \(offset), maxBytes \(maxBytes), up to \(limit)")
                    }
                }
            }
            #expect(try log.readInFile(from: end, maxBytes: 1 << 20, upTo: Int64.max) == nil)
            #expect(throws: LogReadError.self) { try log.readInFile(from: end + 1, maxBytes: 100, upTo: Int64.max) }
        }
    }

    /// A batch header damaged on disk while the log is open (a length that runs past the segment, or a negative
    /// one): the headers-only read stops where a read into memory stops, and neither traps.
    @Test(arguments: [Int32.max, -5, 0])
    func aDamagedBatchLengthEndsTheReadAsAReadIntoMemoryDoes(length: Int32) throws {
        try withTemporaryDirectory { directory in
            let log = try filledLog(directory)
            defer { try? log.close() }
            let handle = try #require(FileHandle(forWritingAtPath: segmentLogPath(directory + "/t-0", 0)))
            let firstBatch = try log.read(from: 0, maxBytes: 1, upTo: Int64.max).readableBytes
            // The Length field of the second batch of the first segment (after BaseOffset).
            try handle.seek(toOffset: UInt64(firstBatch + 8))
            var bigEndian = length.bigEndian
            handle.write(Data(bytes: &bigEndian, count: 4))
            try handle.close()
            for offset in Int64(0)..<8 {
                let inMemory = try log.read(from: offset, maxBytes: 1 << 20, upTo: Int64.max)
                let inFile = try log.readInFile(from: offset, maxBytes: 1 << 20, upTo: Int64.max)
                #expect(try inFile?.readBytes() ?? ByteBuffer() == inMemory, "offset \(offset)")
            }
        }
    }

    @Test func aSendCarriesTheRecordSetsBytesOnADescriptorOfItsOwn() throws {
        try withTemporaryDirectory { directory in
            let log = try filledLog(directory)
            defer { try? log.close() }
            let records = try #require(try log.readInFile(from: 5, maxBytes: 1 << 20, upTo: Int64.max))
            let send = try records.beginSend(onTruncation: {})
            #expect(try bytesOnTheWire(send) == records.readBytes())
            send.finish()
            #expect(!send.region.fileHandle.isOpen)
        }
    }

    @Test func aTruncationBelowASendInProgressStopsIt() throws {
        try withTemporaryDirectory { directory in
            let log = try filledLog(directory)
            defer { try? log.close() }
            let tail = log.logEndOffset - 1
            let records = try #require(try log.readInFile(from: tail, maxBytes: 1 << 20, upTo: Int64.max))
            let stopped = Counter()
            let inProgress = try records.beginSend(onTruncation: { stopped.increment() })
            // A send of earlier bytes, which the truncation leaves whole, is not stopped.
            let head = try #require(try log.readInFile(from: 0, maxBytes: 100, upTo: Int64.max))
            let untouched = try head.beginSend(onTruncation: { stopped.increment() })

            let tailBatchStart = try #require(try offsets(records.readBytes()).first)
            try log.truncate(to: tailBatchStart)
            #expect(stopped.value == 1)
            inProgress.finish()
            untouched.finish()
            // The record set read before the truncation can no longer be sent, nor read.
            #expect(throws: (any Error).self) { try records.beginSend(onTruncation: {}) }
            #expect(throws: (any Error).self) { try records.readBytes() }
            // A finished send is forgotten: a later truncation stops nothing.
            try log.truncate(to: 0)
            #expect(stopped.value == 1)
        }
    }
}

/// A thread-safe count for callbacks.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
