import NIOCore

/// One piece of a response frame: bytes in memory, or a record set still in a log file (sent with `sendfile`).
public enum FrameChunk: Sendable {
    case bytes(ByteBuffer)
    case file(RecordsInFile)

    public var byteCount: Int {
        switch self {
        case .bytes(let buffer): buffer.readableBytes
        case .file(let records): records.byteCount
        }
    }
}

/// A response frame as the pieces to send one after the other: the encoded fields, and between them the record
/// sets that were left out of the encoding rather than copied into it. A fetch answer carries megabytes of records
/// from the log; handing them to the socket as their own buffers (one gathering write), or straight from the file,
/// saves copying every byte once or twice more.
public struct ResponseFrame: Sendable {
    public let chunks: [FrameChunk]

    /// Encodes `response` with its header as a complete size-prefixed frame; record sets of at least
    /// `RecordSplices.minimumBytes` become chunks of their own.
    public init<M: KafkaMessage>(encoding response: M, apiKey: APIKey, version: Int16, correlationId: Int32) {
        var splices = RecordSplices(enabled: true)
        let fields = Self.encodeFields(
            response, apiKey: apiKey, version: version, correlationId: correlationId, splicing: &splices)
        chunks = splices.interleave(into: fields)
    }

    /// The size prefix, the header and the body's fields; the size counts the record sets `splices` left out.
    static func encodeFields<M: KafkaMessage>(
        _ response: M, apiKey: APIKey, version: Int16, correlationId: Int32, splicing splices: inout RecordSplices
    ) -> ByteBuffer {
        var fields = ByteBufferAllocator().buffer(capacity: 256)
        fields.writeInteger(Int32(0))  // size, patched below
        let headerVersion = ResponseHeader.headerVersion(apiKey: apiKey.rawValue, version: version)
        ResponseHeader(correlationId: correlationId).encode(into: &fields, headerVersion: headerVersion)
        response.encode(into: &fields, version: version, splicing: &splices)
        fields.setInteger(Int32(fields.readableBytes - 4 + splices.byteCount), at: fields.readerIndex)
        return fields
    }

    /// All bytes of the frame.
    public var byteCount: Int { chunks.reduce(0) { $0 + $1.byteCount } }

    /// The frame in one buffer, for callers that need it contiguous; file-backed record sets are read.
    public func joined() throws -> ByteBuffer {
        if chunks.count == 1, case .bytes(let only) = chunks[0] { return only }
        var buffer = ByteBufferAllocator().buffer(capacity: byteCount)
        for chunk in chunks {
            switch chunk {
            case .bytes(let bytes): buffer.writeImmutableBuffer(bytes)
            case .file(let records): buffer.writeImmutableBuffer(try records.records.readBytes())
            }
        }
        return buffer
    }
}

/// Record sets an encoder left out of the buffer it wrote (only their length prefixes were written), each with the
/// position in that buffer where its bytes belong.
public struct RecordSplices: Sendable {
    /// Smaller record sets are copied: below a few pages, an extra buffer costs more than copying it.
    public static let minimumBytes = 16 * 1024

    private let enabled: Bool
    private var points: [(position: Int, records: FrameChunk)] = []

    /// `enabled: false` (what plain `encode(into:version:)` uses) copies every record set.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// The bytes of all record sets left out.
    public var byteCount: Int { points.reduce(0) { $0 + $1.records.byteCount } }

    /// Writes the nullable-bytes field `records` into `buffer`: its length prefix, then its bytes, unless they are
    /// large enough to be left out and spliced in at send time.
    public mutating func writeRecords(_ records: ByteBuffer?, into buffer: inout ByteBuffer) {
        guard enabled, let records, records.readableBytes >= Self.minimumBytes else {
            buffer.writeKafkaNullableBytes(records)
            return
        }
        buffer.writeInteger(Int32(records.readableBytes))
        points.append((buffer.writerIndex, .bytes(records)))
    }

    /// Writes the bytes field `records` for a record set still in a file: its length prefix, then, when splicing,
    /// nothing (it is sent from the file); otherwise its bytes, read now. A record set that cannot be read any more
    /// (its segment was cut or deleted meanwhile) is written empty, which a fetcher takes as "nothing yet".
    public mutating func writeRecords(_ records: RecordsInFile, into buffer: inout ByteBuffer) {
        guard enabled else {
            buffer.writeKafkaNullableBytes((try? records.records.readBytes()) ?? ByteBuffer())
            return
        }
        buffer.writeInteger(Int32(records.byteCount))
        points.append((buffer.writerIndex, .file(records)))
    }

    /// `fields` cut at the splice points, with each left-out record set between the two pieces.
    func interleave(into fields: ByteBuffer) -> [FrameChunk] {
        var chunks: [FrameChunk] = []
        var start = fields.readerIndex
        for (position, records) in points {
            if let piece = fields.getSlice(at: start, length: position - start) { chunks.append(.bytes(piece)) }
            chunks.append(records)
            start = position
        }
        if let tail = fields.getSlice(at: start, length: fields.writerIndex - start),
            tail.readableBytes > 0 || chunks.isEmpty
        {
            chunks.append(.bytes(tail))
        }
        return chunks
    }
}
