/// What fired a one-shot watch.
public enum WatchEventType: Sendable, Hashable {
    case created
    case deleted
    case dataChanged
    case childrenChanged
    /// The session expired: the watch will never fire. The owner must make a new client and re-read.
    case sessionExpired
}

/// A watch notification: what happened to which znode (path relative to the client's chroot).
/// The watch is gone once delivered; read again with a new watch to keep following the node.
public struct WatchEvent: Sendable, Hashable {
    public var type: WatchEventType
    public var path: String

    public init(type: WatchEventType, path: String) {
        self.type = type
        self.path = path
    }
}

/// The callback of a one-shot watch. It runs on the ZooKeeper library's event thread: keep it short and
/// non-blocking (yield to an `AsyncStream` continuation or start a `Task` for real work).
public typealias WatchCallback = @Sendable (WatchEvent) -> Void

/// Changes of the client's session, in order.
public enum SessionEvent: Sendable, Hashable {
    /// Connected (first time or after a reconnect within the session timeout: the session and its ephemeral
    /// znodes survived).
    case connected
    /// The connection dropped; the library reconnects by itself. Operations fail with `.connectionLoss` meanwhile.
    case disconnected
    /// The server expired the session: ephemeral znodes and watches are gone and this client is dead.
    /// Make a new client (`reconnected()`), re-create ephemeral nodes and re-read with watches.
    case expired
}
