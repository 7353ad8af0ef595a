import NIOCore
import NIOPosix

@testable import Broker

/// A plain client connection to a test server on loopback that reads whole Kafka frames (size prefix removed).
func connectFramedTestClient(port: Int, maxFrameBytes: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
    try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(FrameHandler(maxFrameBytes: maxFrameBytes))
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
}
