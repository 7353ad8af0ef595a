import NIOCore

extension RecordBatchHeader {
    /// Validates the batch at absolute `index` of `buffer` and returns its header.
    ///
    /// Checks: magic 2, a sane length that fits in the buffer, the CRC-32C over bytes 21..end, a known
    /// compression codec, RecordsCount >= 1 and consistent with LastOffsetDelta, and for uncompressed batches
    /// that the records parse exactly (count matches, offset deltas in order, no trailing bytes).
    /// Compressed batches are checked at the framing level only; they are stored as they are.
    ///
    /// - Parameter requireDenseOffsets: producer batches must have offset deltas 0, 1, ... and
    ///   LastOffsetDelta == count - 1; replicated batches may have gaps.
    /// - Parameter checkRecords: false skips parsing the records of uncompressed batches. A follower passes false,
    ///   as Kafka's does: the leader parsed them on produce, and the CRC shows these are the leader's bytes.
    public static func validate(
        in buffer: ByteBuffer,
        at index: Int,
        requireDenseOffsets: Bool = true,
        checkRecords: Bool = true
    ) throws(RecordBatchError) -> RecordBatchHeader {
        let header = try RecordBatchHeader(parsing: buffer, at: index)
        guard header.length >= Int32(Self.size - RecordBatchLayout.logOverhead) else {
            throw .invalidLength(header.length)
        }
        let available = buffer.writerIndex - index
        guard header.totalSize <= available else {
            throw .truncated(needed: header.totalSize, available: available)
        }
        let crcLength = header.totalSize - RecordBatchLayout.crcStart
        let computed = CRC32C.checksum(buffer, at: index + RecordBatchLayout.crcStart, length: crcLength) ?? 0
        guard computed == header.crc else {
            throw .crcMismatch(stored: header.crc, computed: computed)
        }
        guard let compression = header.compression else {
            throw .unsupportedCompression(header.attributes.rawValue & RecordBatchAttributes.compressionMask)
        }
        let countIsConsistent =
            requireDenseOffsets
            ? Int64(header.lastOffsetDelta) == Int64(header.recordsCount) - 1
            : Int64(header.lastOffsetDelta) >= Int64(header.recordsCount) - 1
        guard header.recordsCount >= 1, countIsConsistent else {
            throw .invalidRecordCount(count: header.recordsCount, lastOffsetDelta: header.lastOffsetDelta)
        }
        if compression == .none, checkRecords {
            try Self.validateRecords(header, in: buffer, at: index, requireDenseOffsets: requireDenseOffsets)
        }
        return header
    }

    private static func validateRecords(
        _ header: RecordBatchHeader,
        in buffer: ByteBuffer,
        at index: Int,
        requireDenseOffsets: Bool
    ) throws(RecordBatchError) {
        let end = index + header.totalSize
        var position = index + RecordBatchLayout.records
        var previousDelta: Int32 = -1
        for recordIndex in 0..<Int(header.recordsCount) {
            guard position < end else {
                throw .malformedRecords("declared \(header.recordsCount) records, found \(recordIndex)")
            }
            let record = try RecordBatchRecordParser.parse(buffer, at: position, limit: end, collectHeaders: false)
            let deltaIsValid =
                requireDenseOffsets
                ? record.offsetDelta == Int32(recordIndex)
                : record.offsetDelta > previousDelta && record.offsetDelta <= header.lastOffsetDelta
            guard deltaIsValid else {
                throw .malformedRecords("record \(recordIndex) has offset delta \(record.offsetDelta)")
            }
            previousDelta = record.offsetDelta
            position = record.end
        }
        guard position == end else {
            throw .malformedRecords("\(end - position) bytes after the last declared record")
        }
    }

    /// Validates every batch in the readable bytes of `buffer`, in order. The buffer must hold whole batches
    /// only. Returns each batch's absolute index and header.
    public static func validateAll(
        in buffer: ByteBuffer,
        requireDenseOffsets: Bool = true,
        checkRecords: Bool = true
    ) throws(RecordBatchError) -> [(index: Int, header: RecordBatchHeader)] {
        var batches: [(index: Int, header: RecordBatchHeader)] = []
        var index = buffer.readerIndex
        while index < buffer.writerIndex {
            let header = try Self.validate(
                in: buffer, at: index, requireDenseOffsets: requireDenseOffsets, checkRecords: checkRecords)
            batches.append((index, header))
            index += header.totalSize
        }
        return batches
    }
}
