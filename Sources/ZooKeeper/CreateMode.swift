import CZooKeeper

/// How a znode is created: persistent nodes outlive the session, ephemeral ones vanish with it, sequential
/// ones get a 10-digit, monotonically increasing suffix appended by the server.
public enum CreateMode: Sendable, Hashable {
    case persistent
    case ephemeral
    case persistentSequential
    case ephemeralSequential

    var flags: Int32 {
        switch self {
        case .persistent: ZOO_PERSISTENT
        case .ephemeral: ZOO_EPHEMERAL
        case .persistentSequential: ZOO_PERSISTENT_SEQUENTIAL
        case .ephemeralSequential: ZOO_EPHEMERAL_SEQUENTIAL
        }
    }
}
