extension ZooKeeperClient {
    /// Creates `path` and any missing ancestors as empty persistent znodes; existing ones are left alone.
    public func ensurePath(_ path: String) async throws {
        try ZNodePath.validate(path)
        guard path != "/" else { return }
        for ancestor in ZNodePath.ancestors(of: path) + [path] { try await createIfMissing(ancestor) }
    }

    /// Deletes `path` and everything below it. A znode that vanishes meanwhile is fine; one that gains
    /// children meanwhile is retried a few times, then `.notEmpty` is thrown.
    public func deleteRecursive(_ path: String) async throws {
        try ZNodePath.validate(path)
        guard path != "/" else { throw ZooKeeperError.invalidPath(path, reason: "refusing to delete the root") }
        for attempt in 1...5 {
            let names: [String]
            do {
                names = try await children(path)
            } catch ZooKeeperError.noNode {
                return
            }
            for name in names { try await deleteRecursive(ZNodePath.join(path, name)) }
            do {
                try await delete(path)
                return
            } catch ZooKeeperError.noNode {
                return
            } catch ZooKeeperError.notEmpty where attempt < 5 {
                continue
            }
        }
    }
}
