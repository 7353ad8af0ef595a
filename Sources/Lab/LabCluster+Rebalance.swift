extension LabCluster {
    /// Gives broker `id` (typically just added, so empty) its share of replicas and preferred leaderships
    /// (`ReplicaMovePlan.rebalancing`), and waits until the controller has moved them. Returns the number moved.
    @discardableResult
    public func rebalance(
        onto id: Int, timeout: Duration = .seconds(300), progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Int {
        _ = try record(id)
        let client = try await zookeeperClient()
        do {
            let admin = PartitionAdmin(client: client)
            let partitions = try await admin.partitions()
            let moves = ReplicaMovePlan.rebalancing(
                onto: Int32(id), from: partitions, brokers: try await admin.liveBrokers())
            if moves.isEmpty {
                progress("Nothing to move onto broker \(id).")
            } else {
                try await Self.carryOut(moves, current: partitions, admin: admin, timeout: timeout, progress: progress)
            }
            await client.close()
            return moves.count
        } catch {
            await client.close()
            throw error
        }
    }
}
