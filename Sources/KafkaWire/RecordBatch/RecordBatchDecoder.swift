import NIOCore

/// Decodes the records of uncompressed batches (tests, the group coordinator's offset storage, tools).
public enum RecordBatchDecoder {
    /// Validates and decodes every batch in the readable bytes of `buffer`.
    /// Throws `.unsupportedCompression` for compressed batches: this module does not decompress.
    public static func decodeRecords(in buffer: ByteBuffer) throws(RecordBatchError) -> [Record] {
        var records: [Record] = []
        for (index, header) in try RecordBatchHeader.validateAll(in: buffer, requireDenseOffsets: false) {
            records.append(contentsOf: try Self.decodeRecords(of: header, in: buffer, at: index))
        }
        return records
    }

    /// Decodes the records of one batch whose header was already validated.
    public static func decodeRecords(
        of header: RecordBatchHeader,
        in buffer: ByteBuffer,
        at index: Int
    ) throws(RecordBatchError) -> [Record] {
        guard header.compression == RecordBatchCompression.none else {
            throw .unsupportedCompression(header.attributes.rawValue & RecordBatchAttributes.compressionMask)
        }
        let end = index + header.totalSize
        guard end <= buffer.writerIndex else {
            throw .truncated(needed: header.totalSize, available: buffer.writerIndex - index)
        }
        var records: [Record] = []
        records.reserveCapacity(Int(max(0, min(header.recordsCount, 1 << 16))))
        var position = index + RecordBatchLayout.records
        while position < end {
            let parsed = try RecordBatchRecordParser.parse(buffer, at: position, limit: end, collectHeaders: true)
            // LogAppendTime batches carry the broker's time as the timestamp of every record.
            let timestamp =
                header.timestampType == .logAppendTime
                ? header.maxTimestamp : header.baseTimestamp &+ parsed.timestampDelta
            records.append(
                Record(
                    offset: header.baseOffset &+ Int64(parsed.offsetDelta),
                    timestamp: timestamp,
                    key: parsed.key.map { Self.slice(buffer, $0) },
                    value: parsed.value.map { Self.slice(buffer, $0) },
                    headers: parsed.headers.map { header in
                        RecordHeader(
                            key: String(decoding: Self.slice(buffer, header.key).readableBytesView, as: UTF8.self),
                            value: header.value.map { Self.slice(buffer, $0) }
                        )
                    }
                )
            )
            position = parsed.end
        }
        return records
    }

    private static func slice(_ buffer: ByteBuffer, _ range: Range<Int>) -> ByteBuffer {
        buffer.getSlice(at: range.lowerBound, length: range.count) ?? ByteBuffer()
    }
}
