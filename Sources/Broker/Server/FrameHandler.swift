import NIOCore

/// The channel handler around `FrameAssembly`: reads in, Kafka frames (size prefix removed) out. A frame error
/// is passed on as an error and closes the connection; bytes after it are not read.
final class FrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var assembly: FrameAssembly
    private var failed = false

    init(maxFrameBytes: Int) {
        assembly = FrameAssembly(maxFrameBytes: maxFrameBytes)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        do {
            try assembly.feed(unwrapInboundIn(data)) { frame in context.fireChannelRead(wrapInboundOut(frame)) }
        } catch {
            failed = true
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }

    /// How each connection reads: NIO's adaptive sizing, allowed to grow to 8 MiB per read instead of its default
    /// 64 KiB, so a frame of megabytes (a follower's fetch answer, a produce request) arrives in a few reads, often
    /// whole in one and then not copied at all; with 1 MiB reads the copying of frames spread over reads was twice
    /// as large. A read buffer costs address space for its full size but memory only for the bytes that arrive.
    static let receiveAllocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 8 << 20)
}

@available(*, unavailable)
extension FrameHandler: Sendable {}
