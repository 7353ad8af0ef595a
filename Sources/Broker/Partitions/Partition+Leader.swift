import KafkaWire

/// A change of ISR the leader wants written to the partition's state znode.
struct IsrChangeProposal: Sendable, Equatable {
    var topic: String
    var partition: Int32
    var leaderEpoch: Int32
    var isr: [Int32]
    /// Followers joining: already counted for the high watermark while the write is under way.
    var added: [Int32] = []
    /// Followers leaving.
    var removed: [Int32] = []
}

/// Where an acks=all produce stands.
enum ReplicationStatus: Sendable, Equatable {
    case waiting
    case done
    case failed(ErrorCode)
}

extension Partition {
    /// What a follower's fetch changed on the leader.
    struct FollowerFetchOutcome: Sendable, Equatable {
        var highWatermarkMoved = false
        var expansion: IsrChangeProposal?
    }

    /// Records a follower's fetch position (its log end offset): moves the high watermark and proposes adding the
    /// follower to the ISR once it has caught up.
    func recordFollowerFetch(replica: Int32, fetchOffset: Int64, nowMs: Int64) -> FollowerFetchOutcome {
        role.withLock { role -> FollowerFetchOutcome in
            guard var state = role.isrState else { return FollowerFetchOutcome() }
            var outcome = FollowerFetchOutcome()
            state.recordFetch(replica: replica, fetchOffset: fetchOffset, leaderEnd: log.logEndOffset, nowMs: nowMs)
            outcome.highWatermarkMoved = Self.moveHighWatermark(&state, log: log)
            // Only the follower that is fetching may join: another one's position may be stale (a broker that died
            // caught up, and that the controller just took out of the ISR, must not be written back into it).
            let joining = state.expansionCandidates().filter { $0 == replica }
            if !joining.isEmpty {
                state.markPendingAddition(joining)
                outcome.expansion = IsrChangeProposal(
                    topic: topic, partition: index, leaderEpoch: role.leadership.leaderEpoch,
                    isr: state.proposedIsr(adding: joining), added: joining)
            }
            role.isrState = state
            return outcome
        }
    }

    /// The ISR without the followers that lagged for longer than `lagMaxMs`; nil when nobody lags.
    func isrShrinkProposal(nowMs: Int64, lagMaxMs: Int64) -> IsrChangeProposal? {
        role.withLock { role -> IsrChangeProposal? in
            guard let state = role.isrState else { return nil }
            let lagging = state.shrinkCandidates(nowMs: nowMs, lagMaxMs: lagMaxMs)
            guard !lagging.isEmpty else { return nil }
            return IsrChangeProposal(
                topic: topic, partition: index, leaderEpoch: role.leadership.leaderEpoch,
                isr: state.proposedIsr(removing: lagging), removed: lagging)
        }
    }

    /// The ISR write succeeded: use it now rather than wait for the ZooKeeper watch.
    func isrWritten(_ proposal: IsrChangeProposal, nowMs: Int64) -> Bool {
        role.withLock { role -> Bool in
            guard var state = role.isrState, role.leadership.leaderEpoch == proposal.leaderEpoch else { return false }
            role.leadership.isr = proposal.isr
            state.update(replicas: role.leadership.replicas, isr: proposal.isr, nowMs: nowMs)
            let moved = Self.moveHighWatermark(&state, log: log)
            role.isrState = state
            return moved
        }
    }

    /// The ISR write failed: forget the pending additions so they are proposed again.
    func isrWriteFailed(_ proposal: IsrChangeProposal) {
        role.withLock { role in
            guard !proposal.added.isEmpty, var state = role.isrState else { return }
            state.clearPendingAdditions()
            role.isrState = state
        }
    }

    /// For acks=all: whether the high watermark has reached `requiredOffset` (the batch's last offset + 1) while
    /// this broker still leads in `leaderEpoch`, and whether enough replicas are then in sync.
    func replicationStatus(requiredOffset: Int64, leaderEpoch: Int32) -> ReplicationStatus {
        let minInsync = Int(topicConfig.minInsyncReplicas)
        return role.withLock { role -> ReplicationStatus in
            guard role.leadership.leader == brokerId, role.leadership.leaderEpoch == leaderEpoch,
                let state = role.isrState
            else { return .failed(.notLeaderOrFollower) }
            guard state.highWatermark >= requiredOffset else { return .waiting }
            return state.isr.count < minInsync ? .failed(.notEnoughReplicasAfterAppend) : .done
        }
    }
}
