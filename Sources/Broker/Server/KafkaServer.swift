import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Accepts Kafka client connections and serves each one's requests strictly in order, one at a time, as Kafka does
/// (pipelined idempotent produce relies on that order).
final class KafkaServer: Sendable {
    private let maxFrameBytes: Int
    private let logger: Logger
    /// Open connections, so shutdown can close them; once `closing` is set, new arrivals are closed at once.
    private let connections = Mutex<(closing: Bool, channels: [ObjectIdentifier: any Channel])>((false, [:]))

    init(maxFrameBytes: Int, logger: Logger) {
        self.maxFrameBytes = maxFrameBytes
        self.logger = logger
    }

    typealias ConnectionChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Binds the listener; returns the bound channel (whose local address carries the real port when 0 was asked).
    func bind(host: String, port: Int, group: EventLoopGroup) async throws -> NIOAsyncChannel<ConnectionChannel, Never> {
        let maxFrameBytes = self.maxFrameBytes
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(FrameDecoder(maxFrameBytes: maxFrameBytes))
                    )
                    return try ConnectionChannel(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Serves connections until the calling task is cancelled, then closes every open connection.
    ///
    /// The listener itself is left open until the process exits: closing it while NIO is still setting up a
    /// just-accepted connection drops that connection's async writer unfinished, which NIO traps on. Connections
    /// that arrive after shutdown began are closed at once (see `serve(connection:router:)`).
    func serve(_ listener: NIOAsyncChannel<ConnectionChannel, Never>, router: RequestRouter) async {
        let logger = self.logger
        Task {
            do { try await self.accept(listener, router: router) } catch {
                logger.error("listener failed", metadata: ["error": "\(error)"])
            }
        }
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
        closeConnections()
    }

    private func accept(_ listener: NIOAsyncChannel<ConnectionChannel, Never>, router: RequestRouter) async throws {
        try await listener.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in connections {
                    group.addTask { await self.serve(connection: connection, router: router) }
                }
            }
        }
    }

    private func closeConnections() {
        let open = connections.withLock { state in
            state.closing = true
            return Array(state.channels.values)
        }
        for channel in open { channel.close(promise: nil) }
    }

    private func serve(connection: ConnectionChannel, router: RequestRouter) async {
        let address = connection.channel.remoteAddress?.description ?? "unknown"
        let id = ObjectIdentifier(connection.channel)
        let admitted = connections.withLock { state -> Bool in
            if state.closing { return false }
            state.channels[id] = connection.channel
            return true
        }
        defer { connections.withLock { _ = $0.channels.removeValue(forKey: id) } }
        guard admitted else {
            // Shutting down: close it properly (NIO requires executeThenClose) without serving it.
            try? await connection.executeThenClose { _, _ in }
            return
        }
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await frame in inbound {
                    switch await router.route(frame: frame, clientAddress: address) {
                    case .respond(let response):
                        try await outbound.write(response)
                    case .noResponse:
                        continue
                    case .close(let reason):
                        logger.warning("closing connection", metadata: ["client": "\(address)", "reason": "\(reason)"])
                        return
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["client": "\(address)", "error": "\(error)"])
        }
    }
}
