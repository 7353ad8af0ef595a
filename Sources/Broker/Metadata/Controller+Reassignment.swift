import Logging
import ZooKeeper

/// Partition reassignment (`/admin/reassign_partitions`), one `ReassignmentStep` per partition and metadata change:
/// every write the controller makes, and every ISR change the leader makes, fires a watch that brings the partition
/// round again, so a move advances without polling.
extension Controller {
    func advanceReassignments(_ metadata: ClusterMetadata, controllerEpoch: Int32) async {
        guard !metadata.reassignments.isEmpty else { return }
        let live = Set(metadata.brokers.keys)
        var finished: [ClusterMetadata.PartitionKey: [Int32]] = [:]
        for (key, target) in metadata.reassignments.sorted(by: { $0.key < $1.key }) {
            let name = "\(key.topic)-\(key.partition)"
            guard let topic = metadata.topics[key.topic], !topic.markedForDeletion,
                let info = topic.partitions[key.partition]
            else {
                logger.warning("dropping reassignment of an unknown partition", metadata: ["partition": "\(name)"])
                finished[key] = target
                continue
            }
            let path = ZooKeeperPaths.partitionState(key.topic, key.partition)
            let step = ReassignmentStep.next(
                target: target, replicas: info.replicas, state: info.state, live: live,
                controllerEpoch: controllerEpoch)
            switch step {
            case .invalid(let reason):
                logger.warning("dropping reassignment", metadata: ["partition": "\(name)", "reason": "\(reason)"])
                finished[key] = target
            case .waitForInSync, .waitForLeader:
                logger.debug("reassignment waiting", metadata: ["partition": "\(name)", "step": "\(step)"])
            case .expandAssignment(let replicas):
                await writeAssignment(key, replicas: replicas)
            case .moveLeader(let state):
                await write(state, to: path, version: info.stateVersion, reason: "reassignment")
            case .shrink(let replicas, let state):
                if await writeAssignment(key, replicas: replicas) {
                    await write(state, to: path, version: info.stateVersion, reason: "reassignment")
                }
            case .shrinkIsr(let state):
                await write(state, to: path, version: info.stateVersion, reason: "reassignment")
            case .done:
                logger.info("reassignment complete", metadata: ["partition": "\(name)", "replicas": "\(target)"])
                finished[key] = target
            }
        }
        if !finished.isEmpty { await removeReassignments(finished) }
    }

    /// Sets one partition's replica list in `/brokers/topics/T`, conditionally on the znode's version.
    @discardableResult
    private func writeAssignment(_ key: ClusterMetadata.PartitionKey, replicas: [Int32]) async -> Bool {
        let path = ZooKeeperPaths.topic(key.topic)
        for _ in 0..<5 {
            do {
                let (data, stat) = try await zooKeeper.getData(path)
                var record = try ZooKeeperRecords.decode(ZooKeeperRecords.TopicAssignment.self, from: data)
                guard let current = record.partitions[String(key.partition)] else { return false }
                // Metadata from before our own write (its watch not yet seen) asks for the same write again.
                if current == replicas { return true }
                record.partitions[String(key.partition)] = replicas
                _ = try await zooKeeper.setData(path, data: ZooKeeperRecords.encode(record), version: stat.version)
                logger.info(
                    "replica assignment changed",
                    metadata: ["partition": "\(key.topic)-\(key.partition)", "replicas": "\(replicas)"])
                return true
            } catch ZooKeeperError.badVersion {
                continue
            } catch {
                logger.warning(
                    "could not write the replica assignment", metadata: ["path": "\(path)", "error": "\(error)"])
                return false
            }
        }
        return false
    }

    /// Takes finished partitions out of the request (only with the target they finished with: a new target given
    /// meanwhile stays), deleting the znode once it is empty.
    private func removeReassignments(_ finished: [ClusterMetadata.PartitionKey: [Int32]]) async {
        let path = ZooKeeperPaths.reassignPartitions
        for _ in 0..<5 {
            do {
                let (data, stat) = try await zooKeeper.getData(path)
                guard var request = try? ZooKeeperRecords.decode(ZooKeeperRecords.ReassignPartitions.self, from: data)
                else {
                    try await zooKeeper.delete(path, version: stat.version)
                    return
                }
                request.partitions.removeAll { entry in
                    finished[.init(topic: entry.topic, partition: entry.partition)] == entry.replicas
                }
                if request.partitions.isEmpty {
                    try await zooKeeper.delete(path, version: stat.version)
                } else {
                    _ = try await zooKeeper.setData(path, data: ZooKeeperRecords.encode(request), version: stat.version)
                }
                return
            } catch ZooKeeperError.badVersion {
                continue
            } catch ZooKeeperError.noNode {
                return
            } catch {
                logger.warning("could not update \(path)", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
