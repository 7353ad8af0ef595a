import ZooKeeper

/// The admin request znodes the controller carries out (`Controller+Reassignment.swift`,
/// `Controller+PreferredElection.swift`), written by whichever broker received the request.
extension TopicAdmin {
    /// Adds `targets` to `/admin/reassign_partitions`; a partition already pending gets the new target.
    func requestReassignments(_ targets: [ClusterMetadata.PartitionKey: [Int32]]) async throws {
        let path = ZooKeeperPaths.reassignPartitions
        let added = targets.sorted { $0.key < $1.key }.map {
            ZooKeeperRecords.ReassignPartitions.Entry(
                topic: $0.key.topic, partition: $0.key.partition, replicas: $0.value)
        }
        while true {
            do {
                let (data, stat) = try await zooKeeper.getData(path)
                // An unreadable request (not ours: written by hand) is replaced rather than blocking every later one.
                var request =
                    (try? ZooKeeperRecords.decode(ZooKeeperRecords.ReassignPartitions.self, from: data))
                    ?? ZooKeeperRecords.ReassignPartitions(partitions: [])
                request.partitions.removeAll { targets[.init(topic: $0.topic, partition: $0.partition)] != nil }
                request.partitions += added
                _ = try await zooKeeper.setData(path, data: ZooKeeperRecords.encode(request), version: stat.version)
                return
            } catch ZooKeeperError.noNode {
                do {
                    let request = ZooKeeperRecords.ReassignPartitions(partitions: added)
                    _ = try await zooKeeper.create(path, data: ZooKeeperRecords.encode(request))
                    return
                } catch ZooKeeperError.nodeExists { continue }
            } catch ZooKeeperError.badVersion {
                continue
            }
        }
    }

    /// Writes `/admin/preferred_replica_election`, waiting (until `deadline`) for an earlier request to finish:
    /// only one can be pending. Returns false when the earlier one did not finish in time.
    func requestPreferredElection(_ partitions: [ClusterMetadata.PartitionKey], deadline: ContinuousClock.Instant)
        async throws -> Bool
    {
        let request = ZooKeeperRecords.PreferredReplicaElection(
            partitions: partitions.map { .init(topic: $0.topic, partition: $0.partition) })
        while true {
            do {
                _ = try await zooKeeper.create(
                    ZooKeeperPaths.preferredReplicaElection, data: ZooKeeperRecords.encode(request))
                return true
            } catch ZooKeeperError.nodeExists {
                guard ContinuousClock.now < deadline else { return false }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}
