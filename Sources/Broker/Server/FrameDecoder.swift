import NIOCore

/// Splits a TCP stream into Kafka request frames: a big-endian int32 size, then that many bytes.
///
/// The size is checked before anything is buffered for it, so a hostile size costs nothing; a frame larger than
/// `maxFrameBytes` (Kafka's `socket.request.max.bytes`) or a negative size closes the connection, as in Kafka.
struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    let maxFrameBytes: Int

    func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 0 else { throw FrameError.negativeSize(size) }
        guard Int(size) <= maxFrameBytes else { throw FrameError.tooLarge(size: Int(size), limit: maxFrameBytes) }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }

    func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

enum FrameError: Error, CustomStringConvertible {
    case negativeSize(Int32)
    case tooLarge(size: Int, limit: Int)

    var description: String {
        switch self {
        case .negativeSize(let size): "request frame has a negative size (\(size))"
        case .tooLarge(let size, let limit):
            "request frame of \(size) bytes exceeds socket.request.max.bytes (\(limit))"
        }
    }
}
