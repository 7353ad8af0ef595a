import NIOCore

/// A response frame as the buffers to send one after the other: the encoded fields, and between them the record
/// sets that were left out of the encoding rather than copied into it. A fetch answer carries megabytes of records
/// read from the log; handing them to the socket as their own buffers (one gathering write) saves copying every
/// byte once more.
public struct ResponseFrame: Sendable {
    public let chunks: [ByteBuffer]

    /// Encodes `response` with its header as a complete size-prefixed frame; record sets of at least
    /// `RecordSplices.minimumBytes` become chunks of their own.
    public init<M: KafkaMessage>(encoding response: M, apiKey: APIKey, version: Int16, correlationId: Int32) {
        var fields = ByteBufferAllocator().buffer(capacity: 256)
        fields.writeInteger(Int32(0))  // size, patched below
        let headerVersion = ResponseHeader.headerVersion(apiKey: apiKey.rawValue, version: version)
        ResponseHeader(correlationId: correlationId).encode(into: &fields, headerVersion: headerVersion)
        var splices = RecordSplices(enabled: true)
        response.encode(into: &fields, version: version, splicing: &splices)
        fields.setInteger(Int32(fields.readableBytes - 4 + splices.byteCount), at: fields.readerIndex)
        chunks = splices.interleave(into: fields)
    }

    /// All bytes of the frame.
    public var byteCount: Int { chunks.reduce(0) { $0 + $1.readableBytes } }

    /// The frame in one buffer, for callers that need it contiguous.
    public func joined() -> ByteBuffer {
        guard chunks.count > 1 else { return chunks.first ?? ByteBuffer() }
        var buffer = ByteBufferAllocator().buffer(capacity: byteCount)
        for chunk in chunks { buffer.writeImmutableBuffer(chunk) }
        return buffer
    }
}

/// Record sets an encoder left out of the buffer it wrote (only their length prefixes were written), each with the
/// position in that buffer where its bytes belong.
public struct RecordSplices: Sendable {
    /// Smaller record sets are copied: below a few pages, an extra buffer costs more than copying it.
    public static let minimumBytes = 16 * 1024

    private let enabled: Bool
    private var points: [(position: Int, records: ByteBuffer)] = []

    /// `enabled: false` (what plain `encode(into:version:)` uses) copies every record set.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// The bytes of all record sets left out.
    public var byteCount: Int { points.reduce(0) { $0 + $1.records.readableBytes } }

    /// Writes the nullable-bytes field `records` into `buffer`: its length prefix, then its bytes, unless they are
    /// large enough to be left out and spliced in at send time.
    public mutating func writeRecords(_ records: ByteBuffer?, into buffer: inout ByteBuffer) {
        guard enabled, let records, records.readableBytes >= Self.minimumBytes else {
            buffer.writeKafkaNullableBytes(records)
            return
        }
        buffer.writeInteger(Int32(records.readableBytes))
        points.append((buffer.writerIndex, records))
    }

    /// `fields` cut at the splice points, with each left-out record set between the two pieces.
    func interleave(into fields: ByteBuffer) -> [ByteBuffer] {
        var chunks: [ByteBuffer] = []
        var start = fields.readerIndex
        for (position, records) in points {
            if let piece = fields.getSlice(at: start, length: position - start) { chunks.append(piece) }
            chunks.append(records)
            start = position
        }
        if let tail = fields.getSlice(at: start, length: fields.writerIndex - start),
            tail.readableBytes > 0 || chunks.isEmpty
        {
            chunks.append(tail)
        }
        return chunks
    }
}
