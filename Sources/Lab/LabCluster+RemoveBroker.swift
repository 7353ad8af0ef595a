import ZooKeeper

extension LabCluster {
    /// Shrinks the cluster by one broker without losing data: every replica on `id` is reassigned to the remaining
    /// brokers (`ReplicaMovePlan`, replication factor kept), the controller copies the data and drops the old
    /// replicas, and only then is the broker stopped and removed from cluster.json. Its directory is kept.
    /// Waits up to `timeout` for the moves; on timeout they go on, and the broker is left as it is. A broker that is
    /// not running can be removed too: its data is copied from the other replicas.
    public func removeBroker(
        id: Int, timeout: Duration = .seconds(300), progress: @Sendable (String) -> Void = { _ in }
    ) async throws {
        let broker = try record(id)
        let client = try await zookeeperClient()
        do {
            try await moveReplicas(off: Int32(id), client: client, timeout: timeout, progress: progress)
            await client.close()
        } catch {
            await client.close()
            throw error
        }
        if let process = broker.process, process.isAlive {
            progress("Stopping broker \(id) (pid \(process.pid)) ...")
            await process.stop()
        }
        state.brokers.removeAll { $0.id == id }
        try save()
    }

    private func moveReplicas(
        off id: Int32, client: ZooKeeperClient, timeout: Duration, progress: @Sendable (String) -> Void
    ) async throws {
        let admin = PartitionAdmin(client: client)
        let partitions = try await admin.partitions()
        let brokers = try await admin.liveBrokers()
        let moves: [PartitionReassignment]
        do {
            moves = try ReplicaMovePlan.removing(broker: id, from: partitions, brokers: brokers)
        } catch {
            throw LabError.cannotRemoveBroker(id: Int(id), reason: "\(error)")
        }
        guard !moves.isEmpty else {
            progress("Broker \(id) holds no replicas.")
            return
        }
        do {
            try await Self.carryOut(moves, current: partitions, admin: admin, timeout: timeout, progress: progress)
        } catch {
            throw LabError.cannotRemoveBroker(id: Int(id), reason: "\(error); broker \(id) is left as it is")
        }
        let remaining = try await admin.partitions().filter { $0.replicas.contains(id) }
        guard remaining.isEmpty else {
            throw LabError.cannotRemoveBroker(
                id: Int(id), reason: "it still holds \(remaining.map(\.name).joined(separator: ", "))")
        }
        progress("All \(moves.count) partitions moved off broker \(id).")
    }

    /// Prints each move, requests them all, and waits (with progress) until the controller has finished them.
    static func carryOut(
        _ moves: [PartitionReassignment], current partitions: [PartitionView], admin: PartitionAdmin,
        timeout: Duration, progress: @Sendable (String) -> Void
    ) async throws {
        for move in moves {
            let before = partitions.first { $0.topic == move.topic && $0.partition == move.partition }
            progress(
                "Moving \(move.topic)-\(move.partition): "
                    + "\(before.map { list($0.replicas) } ?? "?") -> \(list(move.replicas))")
        }
        try await admin.requestReassignment(moves)
        try await admin.waitForReassignments(moves, timeout: timeout) { done, total in
            progress("\(done)/\(total) partitions moved")
        }
    }

    static func list(_ replicas: [Int32]) -> String { "[" + replicas.map(String.init).joined(separator: ",") + "]" }
}
