import KafkaWire
import NIOCore
import NIOPosix

/// A follower's connection to a leader: one request at a time, each answered before the next is sent, with a
/// deadline per request (a paused leader must not hold its followers forever: the channel is closed instead).
/// `package`: the replica consistency check (Sources/Durability) reads replicas through it too.
package struct LeaderConnection {
    package enum Failure: Error, CustomStringConvertible {
        case closed
        case correlationMismatch(expected: Int32, received: Int32)

        package var description: String {
            switch self {
            case .closed: "the leader closed the connection"
            case .correlationMismatch(let expected, let received):
                "response correlation id \(received), expected \(expected)"
            }
        }
    }

    typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let channel: any NIOCore.Channel
    private let clientId: String
    private var nextCorrelationId: Int32 = 1

    /// Connects, runs `body` with the connection, and closes it whatever happens.
    package static func with<T: Sendable>(
        host: String, port: Int, clientId: String, maxFrameBytes: Int, connectTimeout: Duration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ body: (inout LeaderConnection) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(connectTimeout.wholeMilliseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.recvAllocator, value: FrameHandler.receiveAllocator)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FrameHandler(maxFrameBytes: maxFrameBytes))
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = LeaderConnection(
                inbound: inbound.makeAsyncIterator(), outbound: outbound, channel: channel.channel, clientId: clientId)
            return try await body(&connection)
        }
    }

    private init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        channel: any NIOCore.Channel, clientId: String
    ) {
        self.inbound = inbound
        self.outbound = outbound
        self.channel = channel
        self.clientId = clientId
    }

    /// Sends `request` and waits for its response, closing the connection if it takes longer than `timeout`.
    package mutating func send<R: KafkaRequest>(
        _ request: R, version: Int16, timeout: Duration
    ) async throws -> R.Response {
        let correlationId = nextCorrelationId
        nextCorrelationId = nextCorrelationId == Int32.max ? 1 : nextCorrelationId + 1
        let frame = encodeRequestFrame(request, version: version, correlationId: correlationId, clientId: clientId)
        let channel = self.channel
        let deadline = channel.eventLoop.scheduleTask(in: .milliseconds(timeout.wholeMilliseconds)) {
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        try await outbound.write(frame)
        guard let payload = try await inbound.next() else { throw Failure.closed }
        let (received, response) = try decodeResponseBody(R.self, version: version, from: payload)
        guard received == correlationId else {
            throw Failure.correlationMismatch(expected: correlationId, received: received)
        }
        return response
    }
}

extension Duration {
    /// Whole milliseconds, for APIs that take them.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
