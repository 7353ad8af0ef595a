import KafkaWire
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Accepts Kafka client connections and serves each one's requests in order: requests are read, handled and
/// answered in the order they came, as Kafka does (pipelined idempotent produce relies on that order).
///
/// Unlike Kafka, which reads a connection's next request only once the previous one is answered, a request whose
/// handler has done its in-order work and only waits (an acks=all produce, appended, waiting for its followers) lets
/// the next request be served meanwhile, up to `maxInFlightRequests` at once. Appends still happen one request
/// after the other and responses still leave in request order; what changes is that a producer with several
/// requests in flight (librdkafka keeps up to 5) no longer pays one replication round trip per request in series.
/// `maxInFlightRequests` = 1 (the default) serves strictly one at a time, as Kafka does. See docs/replication.md.
final class KafkaServer: Sendable {
    private let maxFrameBytes: Int
    private let maxInFlightRequests: Int
    private let logger: Logger
    /// Open connections, so shutdown can close them; once `closing` is set, new arrivals are closed at once.
    private let connections = Mutex<(closing: Bool, channels: [ObjectIdentifier: any Channel])>((false, [:]))

    init(maxFrameBytes: Int, maxInFlightRequests: Int, logger: Logger) {
        self.maxFrameBytes = maxFrameBytes
        self.maxInFlightRequests = maxInFlightRequests
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
            .childChannelOption(.recvAllocator, value: FrameHandler.receiveAllocator)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FrameHandler(maxFrameBytes: maxFrameBytes))
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
            let channel = connection.channel
            try await connection.executeThenClose { inbound, _ in
                let limit = InFlightLimit(maxInFlightRequests)
                let (answers, queue) = AsyncStream.makeStream(of: PendingAnswer.self)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // The writer: answers leave strictly in request order, each once it is ready.
                        defer { limit.close() }
                        for await answer in answers {
                            if let frame = await answer.frame() {
                                do { try await FrameWriter.write(frame, to: channel) } catch {
                                    // The reader would wait for the client's next request: closing ends it too.
                                    channel.close(promise: nil)
                                    throw error
                                }
                            }
                            limit.release()
                        }
                    }
                    await read(inbound, into: queue, limit: limit, router: router, address: address)
                    queue.finish()
                    try await group.waitForAll()
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["client": "\(address)", "error": "\(error)"])
        }
    }

    /// A response owed to the client, in request order: ready, or still being finished by its handler.
    private enum PendingAnswer: Sendable {
        case ready(ResponseFrame)
        case finishing(Task<ResponseFrame?, Never>)

        func frame() async -> ResponseFrame? {
            switch self {
            case .ready(let frame): return frame
            case .finishing(let task): return await task.value
            }
        }
    }

    /// The reader: serves requests in order, handing each answer to the writer; returns when the client is gone,
    /// a request cannot be understood (Kafka closes the connection then; answers already owed are still sent), or
    /// the writer stopped.
    private func read(
        _ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, into queue: AsyncStream<PendingAnswer>.Continuation,
        limit: InFlightLimit, router: RequestRouter, address: String
    ) async {
        do {
            for try await frame in inbound {
                guard await limit.acquire() else { return }
                switch await router.route(frame: frame, clientAddress: address) {
                case .respond(let response):
                    queue.yield(.ready(response))
                case .respondLater(let finish):
                    queue.yield(.finishing(Task { await finish() }))
                case .noResponse:
                    limit.release()
                case .close(let reason):
                    logger.warning("closing connection", metadata: ["client": "\(address)", "reason": "\(reason)"])
                    return
                }
            }
        } catch {
            logger.debug("connection read ended", metadata: ["client": "\(address)", "error": "\(error)"])
        }
    }
}
