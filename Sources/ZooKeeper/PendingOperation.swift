import CZooKeeper

/// One in-flight asynchronous C call. Retained into the call's `data` pointer and released by its
/// completion, which the C library calls exactly once (with ZCLOSING when the handle is closed first).
final class PendingOperation<Value: Sendable>: Sendable {
    let path: String
    private let continuation: CheckedContinuation<Value, any Error>

    init(path: String, continuation: CheckedContinuation<Value, any Error>) {
        self.path = path
        self.continuation = continuation
    }

    /// Takes back ownership of the object passed as a completion's `data`.
    static func take(_ context: UnsafeRawPointer?) -> PendingOperation? {
        guard let context else { return nil }
        return Unmanaged<PendingOperation>.fromOpaque(context).takeRetainedValue()
    }

    func complete(_ rc: Int32, _ value: () -> Value) {
        if rc == ZOK.rawValue {
            continuation.resume(returning: value())
        } else {
            continuation.resume(throwing: ZooKeeperError(code: rc, path: path))
        }
    }

    func fail(_ error: any Error) {
        continuation.resume(throwing: error)
    }
}

/// A read's result, as a struct because generic code wants a nominal Sendable type.
struct NodeData: Sendable {
    var bytes: [UInt8]
    var stat: ZNodeStat
}

/// Copies `length` bytes the C library lends to a completion (NULL/-1 means "no data").
func copyBytes(_ value: UnsafePointer<CChar>?, _ length: Int32) -> [UInt8] {
    guard let value, length > 0 else { return [] }
    return [UInt8](UnsafeRawBufferPointer(start: value, count: Int(length)))
}

/// Copies the names in a `String_vector` the C library lends to a completion.
func copyStrings(_ vector: UnsafePointer<String_vector>?) -> [String] {
    guard let vector, let data = vector.pointee.data, vector.pointee.count > 0 else { return [] }
    return (0..<Int(vector.pointee.count)).compactMap { index in data[index].map { String(cString: $0) } }
}

/// The zero stat, for completions that report success without one (never expected, but not worth a crash).
let emptyStat = ZNodeStat(CZooKeeper.Stat())
