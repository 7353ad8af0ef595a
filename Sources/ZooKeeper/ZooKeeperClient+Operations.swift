import CZooKeeper

extension ZooKeeperClient {
    /// The most data a znode write may carry here: the server's default jute.maxbuffer (1 MiB) minus room for
    /// the request's other fields.
    public static let maxDataSize = 1_000_000

    /// Creates a znode and returns its actual path (different from `path` for sequential modes).
    /// With `createParents`, missing ancestors are created first as empty persistent znodes.
    @discardableResult
    public func create(_ path: String, data: [UInt8] = [], mode: CreateMode = .persistent,
        createParents: Bool = false) async throws -> String {
        guard data.count <= Self.maxDataSize else { throw ZooKeeperError.dataTooLarge(path: path, bytes: data.count) }
        if createParents {
            for ancestor in ZNodePath.ancestors(of: path) { try await createIfMissing(ancestor) }
        }
        return try await submit(path) { zh, context in
            path.withCString { cPath in
                data.withUnsafeBytes { bytes in
                    zoo_acreate(zh, cPath, bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                        Int32(bytes.count), kafkalab_zoo_open_acl(), mode.flags, { rc, createdPath, context in
                            PendingOperation<String>.take(context)?.complete(rc) {
                                createdPath.map { String(cString: $0) } ?? ""
                            }
                        }, context)
                }
            }
        }
    }

    /// The znode's data and stat. Throws `.noNode` when it does not exist.
    public func getData(_ path: String) async throws -> (data: [UInt8], stat: ZNodeStat) {
        let node: NodeData = try await submit(path) { zh, context in
            path.withCString { cPath in zoo_aget(zh, cPath, 0, dataCompletion, context) }
        }
        return (node.bytes, node.stat)
    }

    /// Like `getData(_:)`, and leaves a one-shot watch that fires on `.dataChanged` or `.deleted`.
    /// No watch is left when the read throws.
    public func getData(_ path: String, watch: @escaping WatchCallback) async throws
        -> (data: [UInt8], stat: ZNodeStat) {
        let watchID = try hub.registerWatch(watch)
        do {
            let node: NodeData = try await submit(path) { zh, context in
                path.withCString { cPath in
                    zoo_awget(zh, cPath, nodeWatcher, UnsafeMutableRawPointer(bitPattern: watchID), dataCompletion,
                        context)
                }
            }
            return (node.bytes, node.stat)
        } catch {
            hub.removeWatch(watchID)
            throw error
        }
    }

    /// Replaces the data. `version` -1 writes unconditionally; otherwise the write happens only if the znode
    /// still has that version, else it throws `.badVersion`. Returns the new stat.
    @discardableResult
    public func setData(_ path: String, data: [UInt8], version: Int32 = -1) async throws -> ZNodeStat {
        guard data.count <= Self.maxDataSize else { throw ZooKeeperError.dataTooLarge(path: path, bytes: data.count) }
        return try await submit(path) { zh, context in
            path.withCString { cPath in
                data.withUnsafeBytes { bytes in
                    zoo_aset(zh, cPath, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                        version, { rc, stat, context in
                            PendingOperation<ZNodeStat>.take(context)?.complete(rc) { ZNodeStat(stat) ?? emptyStat }
                        }, context)
                }
            }
        }
    }

    /// Deletes a znode without children. `version` -1 deletes unconditionally, else throws `.badVersion` on
    /// mismatch. Throws `.noNode` / `.notEmpty`.
    public func delete(_ path: String, version: Int32 = -1) async throws {
        let _: Bool = try await submit(path) { zh, context in
            path.withCString { cPath in
                zoo_adelete(zh, cPath, version, { rc, context in
                    PendingOperation<Bool>.take(context)?.complete(rc) { true }
                }, context)
            }
        }
    }

    /// The znode's stat, or nil when it does not exist.
    public func exists(_ path: String) async throws -> ZNodeStat? {
        try await submit(path) { zh, context in
            path.withCString { cPath in zoo_aexists(zh, cPath, 0, existsCompletion, context) }
        }
    }

    /// Like `exists(_:)`, and leaves a one-shot watch: `.created` if it did not exist, else `.dataChanged` or
    /// `.deleted`. The watch is left in both cases (that is how "wait for a znode to appear" works).
    public func exists(_ path: String, watch: @escaping WatchCallback) async throws -> ZNodeStat? {
        let watchID = try hub.registerWatch(watch)
        do {
            return try await submit(path) { zh, context in
                path.withCString { cPath in
                    zoo_awexists(zh, cPath, nodeWatcher, UnsafeMutableRawPointer(bitPattern: watchID),
                        existsCompletion, context)
                }
            }
        } catch {
            hub.removeWatch(watchID)
            throw error
        }
    }

    /// The names (not paths) of the znode's children, sorted. Throws `.noNode`.
    public func children(_ path: String) async throws -> [String] {
        let names: [String] = try await submit(path) { zh, context in
            path.withCString { cPath in zoo_aget_children(zh, cPath, 0, childrenCompletion, context) }
        }
        return names.sorted()
    }

    /// Like `children(_:)`, and leaves a one-shot watch that fires on `.childrenChanged` or `.deleted`.
    public func children(_ path: String, watch: @escaping WatchCallback) async throws -> [String] {
        let watchID = try hub.registerWatch(watch)
        do {
            let names: [String] = try await submit(path) { zh, context in
                path.withCString { cPath in
                    zoo_awget_children(zh, cPath, nodeWatcher, UnsafeMutableRawPointer(bitPattern: watchID),
                        childrenCompletion, context)
                }
            }
            return names.sorted()
        } catch {
            hub.removeWatch(watchID)
            throw error
        }
    }

    func createIfMissing(_ path: String) async throws {
        do {
            try await create(path)
        } catch ZooKeeperError.nodeExists {
            // Someone else (or an earlier attempt) made it: that is the goal.
        }
    }
}

private let dataCompletion: data_completion_t = { rc, value, length, stat, context in
    PendingOperation<NodeData>.take(context)?.complete(rc) {
        NodeData(bytes: copyBytes(value, length), stat: ZNodeStat(stat) ?? emptyStat)
    }
}

/// ZNONODE is an answer for `exists`, not an error.
private let existsCompletion: stat_completion_t = { rc, stat, context in
    let operation = PendingOperation<ZNodeStat?>.take(context)
    if rc == ZNONODE.rawValue {
        operation?.complete(ZOK.rawValue) { nil }
    } else {
        operation?.complete(rc) { ZNodeStat(stat) }
    }
}

private let childrenCompletion: strings_completion_t = { rc, strings, context in
    PendingOperation<[String]>.take(context)?.complete(rc) { copyStrings(strings) }
}
