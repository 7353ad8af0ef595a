import CZooKeeper

/// Errors from ZooKeeper operations. Node errors carry the path (relative to the client's chroot) so that
/// messages say which znode was involved; match them without bindings, e.g. `catch ZooKeeperError.nodeExists`.
public enum ZooKeeperError: Error, Equatable, Sendable, CustomStringConvertible {
    case noNode(path: String)
    case nodeExists(path: String)
    /// A conditional `setData`/`delete` saw a different znode version than the one expected.
    case badVersion(path: String)
    case notEmpty(path: String)
    case noChildrenForEphemerals(path: String)
    /// The server expired the session: ephemeral nodes and watches are gone. Make a new client.
    case sessionExpired
    /// The connection dropped while the operation was in flight; it may or may not have been applied.
    case connectionLoss
    case operationTimeout
    /// The client was closed (by `close()` or while the operation was pending).
    case closed
    case notReachable(connectString: String, timeout: Duration)
    case invalidPath(String, reason: String)
    case invalidConnectString(String, reason: String)
    /// More data than a znode may hold (the server's jute.maxbuffer is about 1 MiB per request).
    case dataTooLarge(path: String, bytes: Int)
    case other(code: Int32, message: String)

    public var description: String {
        switch self {
        case .noNode(let path): "znode \(path) does not exist"
        case .nodeExists(let path): "znode \(path) already exists"
        case .badVersion(let path): "znode \(path) changed: its version is not the one expected"
        case .notEmpty(let path): "znode \(path) has children and cannot be deleted"
        case .noChildrenForEphemerals(let path): "cannot create \(path): ephemeral znodes cannot have children"
        case .sessionExpired: "the ZooKeeper session expired (ephemeral znodes and watches are gone)"
        case .connectionLoss: "the connection to ZooKeeper was lost during the operation"
        case .operationTimeout: "the ZooKeeper operation timed out"
        case .closed: "the ZooKeeper client is closed"
        case .notReachable(let connect, let timeout):
            "ZooKeeper at \(connect) is not reachable (no session within \(timeout.formattedSeconds))"
        case .invalidPath(let path, let reason): "invalid znode path \(path.debugDescription): \(reason)"
        case .invalidConnectString(let connect, let reason):
            "invalid ZooKeeper connect string \(connect.debugDescription): \(reason)"
        case .dataTooLarge(let path, let bytes):
            "\(bytes) bytes are too much for znode \(path) (at most \(ZooKeeperClient.maxDataSize))"
        case .other(let code, let message): "ZooKeeper error \(code): \(message)"
        }
    }

    /// Maps a C client return code to an error. `path` names the znode the operation was about.
    init(code: Int32, path: String) {
        switch code {
        case ZNONODE.rawValue: self = .noNode(path: path)
        case ZNODEEXISTS.rawValue: self = .nodeExists(path: path)
        case ZBADVERSION.rawValue: self = .badVersion(path: path)
        case ZNOTEMPTY.rawValue: self = .notEmpty(path: path)
        case ZNOCHILDRENFOREPHEMERALS.rawValue: self = .noChildrenForEphemerals(path: path)
        case ZSESSIONEXPIRED.rawValue: self = .sessionExpired
        case ZCONNECTIONLOSS.rawValue: self = .connectionLoss
        case ZOPERATIONTIMEOUT.rawValue: self = .operationTimeout
        case ZCLOSING.rawValue: self = .closed
        default:
            let message = zerror(code).map { String(cString: $0) } ?? "unknown error"
            self = .other(code: code, message: message)
        }
    }
}

extension Duration {
    /// "1.5 s", for error messages.
    var formattedSeconds: String {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis % 1000 == 0 { return "\(millis / 1000) s" }
        return "\(Double(millis) / 1000) s"
    }
}
