import CZooKeeper
import Logging
import Synchronization

/// An asynchronous ZooKeeper session over the C client (libzookeeper_mt).
///
/// Every operation uses the C library's asynchronous API; its completion resumes a checked continuation, so
/// no Swift thread ever waits on the network. Paths are relative to the chroot of the connect string.
///
/// Session expiry is final for a client: operations then throw `.sessionExpired`, `sessionEvents` yields
/// `.expired`, pending watches receive a `.sessionExpired` event. The owner makes a new client
/// (`reconnected()`), re-creates its ephemeral znodes and re-reads what it watches.
public final class ZooKeeperClient: Sendable {
    /// The connect string as given, chroot included.
    public let connectString: String
    public let sessionTimeout: Duration
    public let connectTimeout: Duration
    let logger: Logger
    let hub: EventHub
    /// The `zhandle_t` as a bit pattern (0 once closed): an integer crosses isolation boundaries freely.
    /// Operations submit under this lock so that `close()` cannot free the handle under them.
    private let handle: Mutex<Int>

    private init(handle: OpaquePointer, hub: EventHub, connectString: String, sessionTimeout: Duration,
        connectTimeout: Duration, logger: Logger) {
        self.handle = Mutex(Int(bitPattern: handle))
        self.hub = hub
        self.connectString = connectString
        self.sessionTimeout = sessionTimeout
        self.connectTimeout = connectTimeout
        self.logger = logger
    }

    /// Connects and waits for the session. A chroot suffix ("127.0.0.1:2181/kafkalab/lab1") is created first
    /// when missing, as Kafka brokers do. Throws `.notReachable` when no session is established in time.
    public static func connect(
        _ connectString: String,
        sessionTimeout: Duration = .seconds(6),
        connectTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "kafkalab.zookeeper")
    ) async throws -> ZooKeeperClient {
        let parsed = try ConnectString(connectString)
        if let chroot = parsed.chroot {
            let root = try await open(parsed.servers, sessionTimeout: sessionTimeout, connectTimeout: connectTimeout,
                logger: logger)
            do {
                try await root.ensurePath(chroot)
            } catch {
                await root.close()
                throw error
            }
            await root.close()
        }
        return try await open(connectString, sessionTimeout: sessionTimeout, connectTimeout: connectTimeout,
            logger: logger)
    }

    /// A new client with the same settings: what to do after `.expired`.
    public func reconnected() async throws -> ZooKeeperClient {
        try await Self.connect(connectString, sessionTimeout: sessionTimeout, connectTimeout: connectTimeout,
            logger: logger)
    }

    /// Opens a handle and waits for the session. `resuming` re-attaches to an existing session (tests use it
    /// to make the server expire a session on demand: attach, then close).
    static func open(_ connectString: String, sessionTimeout: Duration, connectTimeout: Duration,
        logger: Logger, resuming session: SessionCredentials? = nil) async throws -> ZooKeeperClient {
        _ = cLibraryLoggingConfigured
        let hub = EventHub()
        let timeoutMillis = Int32(clamping: sessionTimeout.components.seconds * 1000
            + sessionTimeout.components.attoseconds / 1_000_000_000_000_000)
        // The handle keeps the hub alive until `close()` releases it after `zookeeper_close` has returned.
        let context = Unmanaged.passRetained(hub).toOpaque()
        // zookeeper_init2 only parses addresses and starts the library's threads; it does not wait for the network.
        var clientID = session?.clientID ?? clientid_t()
        let zh = withUnsafePointer(to: &clientID) { clientIDPointer in
            zookeeper_init2(connectString, sessionWatcher, timeoutMillis, session == nil ? nil : clientIDPointer,
                context, 0, cLibraryLogCallback)
        }
        guard let zh else {
            Unmanaged<EventHub>.fromOpaque(context).release()
            throw ZooKeeperError.invalidConnectString(connectString, reason: "the C client rejected it")
        }
        let client = ZooKeeperClient(handle: zh, hub: hub, connectString: connectString,
            sessionTimeout: sessionTimeout, connectTimeout: connectTimeout, logger: logger)
        do {
            try await hub.waitUntilConnected(timeout: connectTimeout, connectString: connectString)
        } catch {
            await client.close()
            throw error
        }
        logger.debug("ZooKeeper session established", metadata: [
            "connect": "\(connectString)", "session": "\(String(client.sessionID, radix: 16))",
        ])
        return client
    }

    /// Session events from now on (each access returns a new, independent stream). The stream finishes when
    /// the session expires (after yielding `.expired`, even when it had expired before the access) or the client is
    /// closed.
    public var sessionEvents: AsyncStream<SessionEvent> { hub.subscribe() }

    /// Whether the session is currently connected.
    public var isConnected: Bool { hub.state == .connected }

    /// The server's session id (0 before the session exists or after close). Equals `ZNodeStat.ephemeralOwner`
    /// of the ephemeral znodes this client created.
    public var sessionID: Int64 {
        handle.withLock { bits in
            guard let zh = OpaquePointer(bitPattern: bits), let id = zoo_client_id(zh) else { return 0 }
            return id.pointee.client_id
        }
    }

    /// The session's id and password, to re-attach to it (nil when closed).
    var sessionCredentials: SessionCredentials? {
        handle.withLock { bits in
            guard let zh = OpaquePointer(bitPattern: bits), let id = zoo_client_id(zh) else { return nil }
            return SessionCredentials(clientID: id.pointee)
        }
    }

    /// The session timeout the server granted (it bounds the requested one by its min/max).
    public var negotiatedSessionTimeout: Duration {
        handle.withLock { bits in OpaquePointer(bitPattern: bits).map { .milliseconds(zoo_recv_timeout($0)) } ?? .zero }
    }

    /// Ends the session: the server deletes this client's ephemeral znodes at once. Pending operations fail
    /// with `.closed`; pending watches are dropped without a call. Safe to call more than once.
    public func close() async {
        let bits = handle.withLock { bits in
            defer { bits = 0 }
            return bits
        }
        guard bits != 0 else { return }
        hub.transition(to: .closed)
        await OffPool.run { _ = zookeeper_close(OpaquePointer(bitPattern: bits)) }
        Unmanaged.passUnretained(hub).release()
    }

    deinit {
        // A client dropped without close(): end the session on a thread of its own, as close() would.
        let bits = handle.withLock { $0 }
        guard bits != 0 else { return }
        hub.transition(to: .closed)
        let hub = self.hub
        Task.detached {
            await OffPool.run { _ = zookeeper_close(OpaquePointer(bitPattern: bits)) }
            Unmanaged.passUnretained(hub).release()
        }
    }

    /// Submits one asynchronous C call. `start` gets the live handle and the context its completion must
    /// receive; it runs under the handle lock and must only enqueue (the C async calls never wait).
    func submit<Value: Sendable>(
        _ path: String,
        _ start: (OpaquePointer, UnsafeRawPointer) -> Int32
    ) async throws -> Value {
        try ZNodePath.validate(path)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let pending = Unmanaged.passRetained(PendingOperation(path: path, continuation: continuation))
            let rc: Int32 = handle.withLock { bits in
                guard let zh = OpaquePointer(bitPattern: bits) else { return ZCLOSING.rawValue }
                return start(zh, UnsafeRawPointer(pending.toOpaque()))
            }
            guard rc != ZOK.rawValue else { return }
            // The completion will never run: take the operation back and fail it here.
            let operation = pending.takeRetainedValue()
            if rc == ZINVALIDSTATE.rawValue {
                operation.fail(hub.state == .expired ? ZooKeeperError.sessionExpired : ZooKeeperError.closed)
            } else {
                operation.fail(ZooKeeperError(code: rc, path: path))
            }
        }
    }
}

/// The global watcher: session state changes. Its context is the client's `EventHub`.
private let sessionWatcher: watcher_fn = { _, type, state, _, context in
    guard type == ZOO_SESSION_EVENT, let context else { return }
    Unmanaged<EventHub>.fromOpaque(context).takeUnretainedValue().sessionStateChanged(state)
}

/// The per-call watcher: its context is the watch id in the hub's registry (not a pointer, so watches the
/// C library drops on close leak nothing).
let nodeWatcher: watcher_fn = { zh, type, _, path, watchID in
    guard let zh, type != ZOO_SESSION_EVENT, let hubPointer = zoo_get_context(zh) else { return }
    let hub = Unmanaged<EventHub>.fromOpaque(hubPointer).takeUnretainedValue()
    hub.watchFired(id: UInt(bitPattern: watchID), type: type, path: path.map { String(cString: $0) } ?? "")
}

/// A session's id and password as the C client keeps them.
struct SessionCredentials: @unchecked Sendable {
    // @unchecked: clientid_t is a plain C struct of an integer and a 16-byte array, copied by value.
    var clientID: clientid_t
}
