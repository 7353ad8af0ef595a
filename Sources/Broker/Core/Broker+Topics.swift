import KafkaLog
import KafkaWire
import NIOCore

extension Broker {
    /// Appends as leader; acks=all waits for the in-sync replicas (alone in the ISR, the append itself suffices).
    func produce(topic: String, partition index: Int32, records: ByteBuffer, acks: Int16, nowMs: Int64) throws -> LogAppendInfo {
        guard let partition = replicaManager.partition(topic, index) else {
            let known = watcher.latest.topics[topic]?.partitions[index] != nil
            throw PartitionError(
                known ? .notLeaderOrFollower : .unknownTopicOrPartition,
                known ? "broker \(brokerId) does not host \(topic)-\(index)" : "unknown topic or partition \(topic)-\(index)")
        }
        return try partition.appendAsLeader(records, requiredAcks: acks, nowMs: nowMs)
    }

    /// Creates a topic that a client asked metadata for, with the broker's defaults. Returns whether it was created.
    func autoCreate(_ name: String, snapshot: ClusterMetadata) async -> Bool {
        let live = Array(snapshot.brokers.keys)
        let replicationFactor = min(config.defaultReplicationFactor, Int16(max(1, live.count)))
        do {
            try await topicAdmin.create(
                name: name, partitions: config.numPartitions, replicationFactor: replicationFactor, assignment: nil,
                configs: [:], liveBrokers: live)
            watcher.invalidate(.topicList)
            return true
        } catch {
            return error.code == .topicAlreadyExists
        }
    }

    /// Waits until every partition of the named topics has a leader in this broker's applied metadata, or the timeout.
    func waitForLeaders(_ topics: [String], timeout: Duration) async {
        await waitForMetadata(timeout: timeout) { snapshot in
            topics.allSatisfy { name in
                guard let topic = snapshot.topics[name], !topic.partitions.isEmpty else { return false }
                return topic.partitions.values.allSatisfy { $0.leader >= 0 }
            }
        }
    }

    /// Waits until the named topics are gone from this broker's applied metadata, or the timeout.
    func waitForDeletion(_ topics: [String], timeout: Duration) async {
        await waitForMetadata(timeout: timeout) { snapshot in topics.allSatisfy { snapshot.topics[$0] == nil } }
    }

    /// Polls this broker's applied metadata until `condition` holds or the timeout passes; admin requests use it to
    /// answer once their ZooKeeper writes have come back through the watcher and been acted on, so a Metadata request
    /// that follows (answered from the same snapshot) already shows the result.
    private func waitForMetadata(timeout: Duration, until condition: (ClusterMetadata) -> Bool) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(applied.snapshot) { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The error for a request on a partition this broker does not lead: an unknown topic, or the wrong broker.
    func notLeadingError(topic: String) -> ErrorCode {
        watcher.latest.topics[topic] == nil ? .unknownTopicOrPartition : .notLeaderOrFollower
    }
}
