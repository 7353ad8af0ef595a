import KafkaWire

/// An acks=all append waiting for the ISR: where its answer goes in the response, and the offset the high
/// watermark must reach (the batch's last offset + 1) while the broker still leads in the same epoch.
struct PendingReplication: Sendable {
    var topicIndex: Int
    var partitionIndex: Int
    var partition: Partition
    var requiredOffset: Int64
    var leaderEpoch: Int32
}

extension RequestHandlers {
    /// Waits until every pending append is replicated, failed, or `timeout` passed; returns an error code per
    /// append: none, NOT_ENOUGH_REPLICAS_AFTER_APPEND (the ISR shrank below min.insync.replicas),
    /// NOT_LEADER_OR_FOLLOWER (leadership moved: the append may be lost), REQUEST_TIMED_OUT.
    func waitForReplication(_ pending: [PendingReplication], timeout: Duration) async -> [ErrorCode] {
        let notifier = broker.replicaManager.replicationNotifier
        let deadline = ContinuousClock.now + timeout
        var outcomes = [ErrorCode?](repeating: nil, count: pending.count)
        while true {
            let generation = notifier.generation
            for (index, item) in pending.enumerated() where outcomes[index] == nil {
                switch item.partition.replicationStatus(
                    requiredOffset: item.requiredOffset, leaderEpoch: item.leaderEpoch)
                {
                case .waiting: break
                case .done: outcomes[index] = ErrorCode.none
                case .failed(let code): outcomes[index] = code
                }
            }
            let remaining = deadline - ContinuousClock.now
            if outcomes.allSatisfy({ $0 != nil }) || remaining <= .zero {
                return outcomes.map { $0 ?? .requestTimedOut }
            }
            await notifier.wait(since: generation, timeout: remaining)
        }
    }
}
