import NIOCore

/// One record inside an uncompressed batch, located by absolute byte ranges in the batch buffer.
struct RecordBatchParsedRecord {
    var timestampDelta: Int64
    var offsetDelta: Int32
    var key: Range<Int>?
    var value: Range<Int>?
    var headers: [(key: Range<Int>, value: Range<Int>?)]
    /// Absolute index just after the record.
    var end: Int
}

/// Walks the records of an uncompressed batch. Every length is bounded by the record's own length,
/// so hostile input ends in `RecordBatchError.malformedRecords`, never in a crash or a huge allocation.
enum RecordBatchRecordParser {
    static func parse(
        _ buffer: ByteBuffer,
        at index: Int,
        limit: Int,
        collectHeaders: Bool
    ) throws(RecordBatchError) -> RecordBatchParsedRecord {
        guard let (length, lengthSize) = RecordBatchVarint.readInt32(buffer, at: index, limit: limit) else {
            throw .malformedRecords("bad record length varint at \(index)")
        }
        let start = index + lengthSize
        guard length >= 1, Int(length) <= limit - start else {
            throw .malformedRecords("record length \(length) exceeds the batch")
        }
        let end = start + Int(length)
        var position = start + 1  // attributes byte, unused in v2
        guard let (timestampDelta, tsSize) = RecordBatchVarint.readInt64(buffer, at: position, limit: end) else {
            throw .malformedRecords("bad timestamp delta")
        }
        position += tsSize
        guard let (offsetDelta, odSize) = RecordBatchVarint.readInt32(buffer, at: position, limit: end) else {
            throw .malformedRecords("bad offset delta")
        }
        position += odSize
        let key = try Self.nullableBytes(buffer, at: &position, end: end, what: "key")
        let value = try Self.nullableBytes(buffer, at: &position, end: end, what: "value")
        guard let (headerCount, hcSize) = RecordBatchVarint.readInt32(buffer, at: position, limit: end),
            headerCount >= 0
        else {
            throw .malformedRecords("bad header count")
        }
        position += hcSize
        // Each header takes at least 2 bytes, which bounds the count before anything is reserved.
        guard Int(headerCount) <= (end - position) / 2 else {
            throw .malformedRecords("header count \(headerCount) exceeds the record")
        }
        var headers: [(key: Range<Int>, value: Range<Int>?)] = []
        if collectHeaders { headers.reserveCapacity(Int(headerCount)) }
        for _ in 0..<headerCount {
            guard let headerKey = try Self.nullableBytes(buffer, at: &position, end: end, what: "header key") else {
                throw .malformedRecords("null header key")
            }
            let headerValue = try Self.nullableBytes(buffer, at: &position, end: end, what: "header value")
            if collectHeaders { headers.append((headerKey, headerValue)) }
        }
        guard position == end else {
            throw .malformedRecords("record has \(end - position) unparsed bytes")
        }
        return RecordBatchParsedRecord(
            timestampDelta: timestampDelta,
            offsetDelta: offsetDelta,
            key: key,
            value: value,
            headers: headers,
            end: end
        )
    }

    /// A varint length (-1 = null) followed by that many bytes.
    private static func nullableBytes(
        _ buffer: ByteBuffer,
        at position: inout Int,
        end: Int,
        what: String
    ) throws(RecordBatchError) -> Range<Int>? {
        guard let (length, size) = RecordBatchVarint.readInt32(buffer, at: position, limit: end) else {
            throw .malformedRecords("bad \(what) length")
        }
        position += size
        if length == -1 { return nil }
        guard length >= 0, Int(length) <= end - position else {
            throw .malformedRecords("\(what) length \(length) exceeds the record")
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }
}
