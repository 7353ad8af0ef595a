import KafkaWire
import NIOCore

/// Writes response frames to a connection: bytes as buffers, record sets still in a log file with `sendfile`.
///
/// It writes to the channel itself rather than through NIOAsyncChannel's writer, because a file region's descriptor
/// may only be closed once its write has completed, which only the channel's write promise tells; each frame is
/// awaited until written, which is also the connection's backpressure.
enum FrameWriter {
    static func write(_ frame: ResponseFrame, to channel: any Channel) async throws {
        // Every file send is started before anything is written: a record set cut short since the read fails the
        // whole frame, and the caller closes the connection (a frame missing bytes its size announced would
        // corrupt the stream).
        var sends: [FileRecordsSend] = []
        defer { for send in sends { send.finish() } }
        var pieces: [IOData] = []
        pieces.reserveCapacity(frame.chunks.count)
        for chunk in frame.chunks {
            switch chunk {
            case .bytes(let bytes):
                pieces.append(.byteBuffer(bytes))
            case .file(let records):
                // A truncation below the region while it is being sent: sendfile would find too few bytes, so the
                // connection is closed (pending writes then fail, and the defer above closes the descriptors).
                let send = try records.records.beginSend(onTruncation: { [channel] in channel.close(promise: nil) })
                sends.append(send)
                pieces.append(.fileRegion(send.region))
            }
        }
        var written: [EventLoopFuture<Void>] = []
        written.reserveCapacity(pieces.count)
        for (index, piece) in pieces.enumerated() {
            let promise = channel.eventLoop.makePromise(of: Void.self)
            if index == pieces.count - 1 {
                channel.writeAndFlush(piece, promise: promise)
            } else {
                channel.write(piece, promise: promise)
            }
            written.append(promise.futureResult)
        }
        // All of them, failed or not, before the defer closes descriptors NIO may still be sending from.
        for result in try await EventLoopFuture.whenAllComplete(written, on: channel.eventLoop).get() {
            try result.get()
        }
    }
}
