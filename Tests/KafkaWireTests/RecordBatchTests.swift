import KafkaWire
import NIOCore
import Testing

@Suite struct RecordBatchTests {
    static func sampleBatch(count: Int = 3, producer: RecordBatchBuilder.Producer? = nil) -> ByteBuffer {
        var builder = RecordBatchBuilder(producer: producer)
        for index in 0..<count {
            builder.append(
                key: index == 1 ? nil : "k\(index)",
                value: "value-\(index)",
                headers: [RecordHeader(key: "h", value: ByteBuffer(string: "v\(index)"))],
                timestamp: 1_000 + Int64(index) * 10
            )
        }
        return builder.build() ?? ByteBuffer()
    }

    @Test func buildParseValidateAndDecodeRoundTrip() throws {
        let batch = Self.sampleBatch(producer: .init(id: 7, epoch: 2, baseSequence: 40))
        let header = try RecordBatchHeader.validate(in: batch, at: 0)
        #expect(header.magic == 2)
        #expect(header.totalSize == batch.readableBytes)
        #expect(header.recordsCount == 3 && header.lastOffsetDelta == 2)
        #expect(header.baseTimestamp == 1_000 && header.maxTimestamp == 1_020)
        #expect(header.producerId == 7 && header.producerEpoch == 2 && header.baseSequence == 40)
        #expect(header.lastSequence == 42)
        #expect(header.compression == RecordBatchCompression.none && !header.isTransactional && !header.isControl)
        let records = try RecordBatchDecoder.decodeRecords(in: batch)
        #expect(records.map(\.offset) == [0, 1, 2])
        #expect(records.map(\.timestamp) == [1_000, 1_010, 1_020])
        #expect(records[1].key == nil)
        #expect(records[2].key == ByteBuffer(string: "k2"))
        #expect(records[0].value == ByteBuffer(string: "value-0"))
        #expect(records[2].headers == [RecordHeader(key: "h", value: ByteBuffer(string: "v2"))])
    }

    @Test func emptyBuilderBuildsNothing() {
        #expect(RecordBatchBuilder().build() == nil)
    }

    @Test func sequenceWrapsAtInt32Max() {
        #expect(RecordBatchHeader.incrementSequence(Int32.max, by: 1) == 0)
        #expect(RecordBatchHeader.incrementSequence(Int32.max - 1, by: 3) == 1)
    }

    @Test func badCRCIsRejected() {
        var batch = Self.sampleBatch()
        let last = batch.writerIndex - 1
        batch.setInteger((batch.getInteger(at: last, as: UInt8.self) ?? 0) ^ 0x01, at: last)
        #expect(throws: RecordBatchError.self) { try RecordBatchHeader.validate(in: batch, at: 0) }
        do throws(RecordBatchError) {
            _ = try RecordBatchHeader.validate(in: batch, at: 0)
        } catch {
            guard case .crcMismatch = error else {
                Issue.record("expected crcMismatch, got \(error)")
                return
            }
        }
    }

    @Test func wrongMagicIsRejected() {
        var batch = Self.sampleBatch()
        batch.setInteger(Int8(1), at: 16)
        #expect(throws: RecordBatchError.unsupportedMagic(1)) { try RecordBatchHeader.validate(in: batch, at: 0) }
    }

    @Test func truncatedBatchIsRejected() {
        let batch = Self.sampleBatch()
        let short = batch.getSlice(at: 0, length: batch.readableBytes - 5) ?? ByteBuffer()
        #expect(throws: RecordBatchError.truncated(needed: batch.readableBytes, available: batch.readableBytes - 5)) {
            try RecordBatchHeader.validate(in: short, at: 0)
        }
        let tiny = batch.getSlice(at: 0, length: 30) ?? ByteBuffer()
        #expect(throws: RecordBatchError.self) { try RecordBatchHeader.validate(in: tiny, at: 0) }
    }

    @Test func wrongRecordCountIsRejectedEvenWithAValidCRC() {
        var batch = Self.sampleBatch()
        batch.setInteger(Int32(4), at: 57)
        RecordBatchRewriter.recomputeCRC(&batch, at: 0)
        #expect(throws: RecordBatchError.self) { try RecordBatchHeader.validate(in: batch, at: 0) }
        // Consistent header fields but records that do not match them.
        batch.setInteger(Int32(3), at: 23)
        RecordBatchRewriter.recomputeCRC(&batch, at: 0)
        do throws(RecordBatchError) {
            _ = try RecordBatchHeader.validate(in: batch, at: 0)
            Issue.record("a batch declaring 4 records with 3 inside was accepted")
        } catch {
            #expect(error.isRecordLevel)
        }
    }

    @Test func trailingBytesAreRejected() {
        var batch = Self.sampleBatch()
        batch.writeInteger(UInt8(0))
        batch.setInteger(Int32(batch.readableBytes - 12), at: 8)
        RecordBatchRewriter.recomputeCRC(&batch, at: 0)
        #expect(throws: RecordBatchError.self) { try RecordBatchHeader.validate(in: batch, at: 0) }
    }

    @Test func hostileLengthsNeverCrash() {
        let batch = Self.sampleBatch(count: 1)
        // Flip every byte of the records section in turn; each variant must be rejected or accepted, not crash.
        for index in 61..<batch.writerIndex {
            var mutated = batch
            mutated.setInteger(UInt8(0xFF), at: index)
            RecordBatchRewriter.recomputeCRC(&mutated, at: 0)
            _ = try? RecordBatchHeader.validate(in: mutated, at: 0)
            _ = try? RecordBatchDecoder.decodeRecords(in: mutated)
        }
        var negative = batch
        negative.setInteger(Int32(-5), at: 8)
        #expect(throws: RecordBatchError.self) { try RecordBatchHeader.validate(in: negative, at: 0) }
    }

    @Test func aFollowerChecksFramingAndCRCButNotEachRecord() throws {
        var batch = Self.sampleBatch()
        batch.setInteger(UInt8(0x7f), at: 61)  // the first record's length varint: now runs past the batch
        RecordBatchRewriter.recomputeCRC(&batch, at: 0)
        #expect(throws: RecordBatchError.self) { try RecordBatchHeader.validate(in: batch, at: 0) }
        #expect(throws: Never.self) {
            try RecordBatchHeader.validate(in: batch, at: 0, requireDenseOffsets: false, checkRecords: false)
        }
        var flipped = batch
        let byte = try #require(flipped.getInteger(at: 70, as: UInt8.self))
        flipped.setInteger(byte ^ 0xff, at: 70)  // a byte under the CRC: still caught without record checks
        #expect(throws: RecordBatchError.self) {
            try RecordBatchHeader.validate(in: flipped, at: 0, requireDenseOffsets: false, checkRecords: false)
        }
    }

    @Test func rewritesOutsideTheCRCKeepItValid() throws {
        var batch = Self.sampleBatch()
        RecordBatchRewriter.setBaseOffset(1_000, in: &batch, at: 0)
        RecordBatchRewriter.setPartitionLeaderEpoch(9, in: &batch, at: 0)
        let header = try RecordBatchHeader.validate(in: batch, at: 0)
        #expect(header.baseOffset == 1_000 && header.lastOffset == 1_002 && header.partitionLeaderEpoch == 9)
        RecordBatchRewriter.setLogAppendTime(5_000, in: &batch, at: 0)
        let stamped = try RecordBatchHeader.validate(in: batch, at: 0)
        #expect(stamped.timestampType == .logAppendTime && stamped.maxTimestamp == 5_000)
        #expect(try RecordBatchDecoder.decodeRecords(in: batch).map(\.timestamp) == [5_000, 5_000, 5_000])
    }

    @Test func compressedBatchesAreValidatedAtFramingLevelOnly() throws {
        var batch = Self.sampleBatch()
        batch.setInteger(RecordBatchAttributes(compression: .zstd).rawValue, at: 21)
        RecordBatchRewriter.recomputeCRC(&batch, at: 0)
        let header = try RecordBatchHeader.validate(in: batch, at: 0)
        #expect(header.compression == .zstd)
        #expect(throws: RecordBatchError.self) { try RecordBatchDecoder.decodeRecords(in: batch) }
        batch.setInteger(Int16(6), at: 21)
        RecordBatchRewriter.recomputeCRC(&batch, at: 0)
        #expect(throws: RecordBatchError.unsupportedCompression(6)) { try RecordBatchHeader.validate(in: batch, at: 0) }
    }

    @Test func validateAllSplitsConcatenatedBatches() throws {
        var both = Self.sampleBatch(count: 2)
        var second = Self.sampleBatch(count: 5)
        both.writeBuffer(&second)
        let batches = try RecordBatchHeader.validateAll(in: both)
        #expect(batches.map(\.header.recordsCount) == [2, 5])
    }
}
