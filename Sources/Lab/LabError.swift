/// Why a lab operation failed, worded for the person at the terminal.
public enum LabError: Error, Equatable, Sendable, CustomStringConvertible {
    case portInUse(port: Int, purpose: String)
    case executableNotFound(name: String, hint: String)
    case spawnFailed(executable: String, errno: Int32)
    case zookeeperNotReady(port: Int, timeout: Duration, logTail: String)
    case zookeeperExited(port: Int, logTail: String)
    case brokerNotReady(id: Int, reason: String, logTail: String)
    case alreadyRunning(name: String, directory: String, bootstrap: String)
    case noSuchCluster(name: String, directory: String)
    case noSuchBroker(id: Int, name: String)
    case brokerAlreadyRunning(id: Int)
    case brokerNotRunning(id: Int)
    case invalidSpec(String)
    case cannotRemoveBroker(id: Int, reason: String)
    case corruptState(path: String, reason: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let port, let purpose):
            "port \(port) (for \(purpose)) is already in use on 127.0.0.1; stop whatever holds it or choose another "
                + "port (0 picks a free one)"
        case .executableNotFound(let name, let hint): "'\(name)' was not found on PATH: \(hint)"
        case .spawnFailed(let executable, let code): "could not start \(executable): \(errnoDescription(code))"
        case .zookeeperNotReady(let port, let timeout, let tail):
            "ZooKeeper on port \(port) did not answer 'ruok' within \(timeout). Last lines of its log:\n\(tail)"
        case .zookeeperExited(let port, let tail):
            "ZooKeeper on port \(port) exited during start-up. Last lines of its log:\n\(tail)"
        case .brokerNotReady(let id, let reason, let tail):
            "broker \(id) is not ready: \(reason). Last lines of its broker.log:\n\(tail)"
        case .alreadyRunning(let name, let directory, let bootstrap):
            "cluster '\(name)' in \(directory) is already running (bootstrap \(bootstrap)); "
                + "run 'kafkalab cluster down --name \(name) --dir \(directory)' first, or pick another --name"
        case .noSuchCluster(let name, let directory):
            "no cluster '\(name)' in \(directory) (no cluster.json); start one with 'kafkalab cluster up'"
        case .noSuchBroker(let id, let name): "cluster '\(name)' has no broker \(id)"
        case .brokerAlreadyRunning(let id): "broker \(id) is already running"
        case .brokerNotRunning(let id):
            "broker \(id) is not running; bring it back with 'kafkalab cluster start \(id)'"
        case .invalidSpec(let reason): "invalid cluster settings: \(reason)"
        case .cannotRemoveBroker(let id, let reason): "cannot remove broker \(id): \(reason)"
        case .corruptState(let path, let reason): "cannot read \(path): \(reason)"
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
