import NIOCore

/// Splits a TCP stream into Kafka frames: a big-endian int32 size, then that many bytes.
///
/// Built for frames of megabytes (a produce request, a follower's fetch answer), where a general cumulating
/// decoder copies every byte into a buffer that it grows by doubling and compacts: here a frame that arrives
/// whole within one read is passed on as a slice of that read (no copy), and a frame spread over reads is copied
/// once into a buffer allocated at its exact size when its size is known (no growing, no compaction).
///
/// The size is checked before anything is buffered for it: a negative size or one above `maxFrameBytes` (Kafka's
/// `socket.request.max.bytes`) is refused, as Kafka does. Allocating a frame's buffer up front costs address
/// space, not memory: pages are touched only as bytes arrive.
struct FrameAssembly {
    let maxFrameBytes: Int
    /// The frame being assembled across reads: its bytes so far (size prefix excluded) and its full size.
    private var partial: (bytes: ByteBuffer, size: Int)?
    /// The first bytes of a size prefix that was itself split across reads.
    private var sizePrefix = ByteBuffer()

    init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Whether bytes of an unfinished frame are held (at end of stream they are lost; the peer cut its frame).
    var holdsPartialFrame: Bool { partial != nil || sizePrefix.readableBytes > 0 }

    /// Feeds the bytes of one read; calls `emit` with each frame completed by them, in order.
    mutating func feed(_ input: ByteBuffer, emit: (ByteBuffer) -> Void) throws(FrameError) {
        var input = input
        while input.readableBytes > 0 {
            if let (held, size) = partial {
                partial = nil
                var bytes = held
                var piece = input.readSlice(upTo: size - bytes.readableBytes)
                bytes.writeBuffer(&piece)
                if bytes.readableBytes == size { emit(bytes) } else { partial = (bytes, size) }
                continue
            }
            guard let size = try readSize(&input) else { return }
            if input.readableBytes >= size {
                emit(input.readSlice(upTo: size))  // whole within this read: a slice, not a copy
            } else {
                var bytes = ByteBufferAllocator().buffer(capacity: size)
                bytes.writeBuffer(&input)
                partial = (bytes, size)
            }
        }
    }

    /// Takes a complete, checked size prefix from `input` (or from the split prefix it completes); nil if `input`
    /// ended inside the prefix, whose bytes are then kept for the next read.
    private mutating func readSize(_ input: inout ByteBuffer) throws(FrameError) -> Int? {
        let size: Int32
        if sizePrefix.readableBytes == 0, let whole = input.readInteger(as: Int32.self) {
            size = whole
        } else {
            var piece = input.readSlice(upTo: 4 - sizePrefix.readableBytes)
            sizePrefix.writeBuffer(&piece)
            guard let joined = sizePrefix.readInteger(as: Int32.self) else { return nil }
            sizePrefix.clear()
            size = joined
        }
        guard size >= 0 else { throw .negativeSize(size) }
        guard Int(size) <= maxFrameBytes else { throw .tooLarge(size: Int(size), limit: maxFrameBytes) }
        return Int(size)
    }
}

extension ByteBuffer {
    /// Reads `count` bytes as a slice, or all that is readable if fewer.
    fileprivate mutating func readSlice(upTo count: Int) -> ByteBuffer {
        let slice = getSlice(at: readerIndex, length: Swift.min(count, readableBytes)) ?? ByteBuffer()
        moveReaderIndex(forwardBy: slice.readableBytes)
        return slice
    }
}

enum FrameError: Error, CustomStringConvertible {
    case negativeSize(Int32)
    case tooLarge(size: Int, limit: Int)

    var description: String {
        switch self {
        case .negativeSize(let size): "frame has a negative size (\(size))"
        case .tooLarge(let size, let limit):
            "frame of \(size) bytes exceeds the limit of \(limit) (socket.request.max.bytes)"
        }
    }
}
