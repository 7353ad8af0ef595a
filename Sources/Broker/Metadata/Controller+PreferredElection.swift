import Logging
import ZooKeeper

/// Preferred leader election on demand (`/admin/preferred_replica_election`, written by
/// `kafkalab topics --elect-leaders`): each listed partition whose preferred replica is alive and in sync gets it as
/// leader; the others are left as they are. The znode is deleted once every partition was tried, which is what
/// the requester waits for.
extension Controller {
    func runRequestedPreferredElections(_ metadata: ClusterMetadata, controllerEpoch: Int32) async {
        guard let requested = metadata.preferredElections else { return }
        let live = Set(metadata.brokers.keys)
        // A write that lost a race with an ISR change is retried when that change's watch brings us back here.
        var settled = true
        for key in Set(requested).sorted() {
            guard let info = metadata.partition(key.topic, key.partition), let current = info.state else {
                logger.info(
                    "preferred election of an unknown partition skipped",
                    metadata: ["partition": "\(key.topic)-\(key.partition)"])
                continue
            }
            guard current.leader >= 0, live.contains(current.leader),
                let next = LeaderElection.preferred(
                    current, replicas: info.replicas, live: live, controllerEpoch: controllerEpoch)
            else { continue }
            let written = await write(
                next, to: ZooKeeperPaths.partitionState(key.topic, key.partition), version: info.stateVersion,
                reason: "requested preferred leader")
            settled = settled && written
        }
        guard settled else { return }
        do {
            try await zooKeeper.delete(ZooKeeperPaths.preferredReplicaElection)
        } catch ZooKeeperError.noNode {
        } catch {
            logger.warning("could not delete the preferred election request", metadata: ["error": "\(error)"])
        }
    }
}
