import KafkaLog
import KafkaWire
import NIOCore
import Synchronization

/// One partition replica on this broker: its log, and what this broker knows of its leadership and ISR.
///
/// The log does its own locking; this type adds the leader's checks (is this broker the leader, are enough replicas
/// in sync), the leader's view of its followers (`IsrState`: high watermark, ISR changes) and the follower's guarded
/// appends. Lock order: `role`, then the log's own lock — never the other way round.
final class Partition: Sendable {
    struct Leadership: Sendable, Equatable {
        var leader: Int32 = -1
        var leaderEpoch: Int32 = -1
        var replicas: [Int32] = []
        var isr: [Int32] = []
    }

    struct Role: Sendable {
        var leadership = Leadership()
        /// Set while this broker leads the partition.
        var isrState: IsrState?
    }

    let topic: String
    let index: Int32
    let brokerId: Int32
    let log: PartitionLog
    let role = Mutex(Role())
    private let config: Mutex<TopicConfig>

    init(topic: String, index: Int32, brokerId: Int32, log: PartitionLog, config: TopicConfig) {
        self.topic = topic
        self.index = index
        self.brokerId = brokerId
        self.log = log
        self.config = Mutex(config)
    }

    var name: String { "\(topic)-\(index)" }
    var currentLeadership: Leadership { role.withLock { $0.leadership } }
    var isLeader: Bool { role.withLock { $0.leadership.leader == brokerId } }
    var topicConfig: TopicConfig { config.withLock { $0 } }
    var isrState: IsrState? { role.withLock { $0.isrState } }

    func update(config newConfig: TopicConfig) {
        config.withLock { $0 = newConfig }
    }

    /// Applies a leadership decision read from ZooKeeper. Returns true when this broker just became leader.
    @discardableResult
    func apply(_ next: Leadership, nowMs: Int64 = Broker.nowMs()) -> Bool {
        role.withLock { role -> Bool in
            let current = role.leadership
            let becomes =
                next.leader == brokerId && (current.leader != brokerId || next.leaderEpoch != current.leaderEpoch)
            role.leadership = next
            if becomes {
                // A new leader records where its epoch starts, so followers can later find where logs diverged.
                // Done under the role lock, so no follower append of the old epoch can slip in after it.
                let end = log.logEndOffset
                try? log.assignEpochStart(epoch: next.leaderEpoch, offset: end)
                var state = IsrState(
                    leaderId: brokerId, replicas: next.replicas, isr: next.isr, epochStartOffset: end,
                    highWatermark: log.highWatermark, nowMs: nowMs)
                Self.moveHighWatermark(&state, log: log)
                role.isrState = state
            } else if next.leader == brokerId, var state = role.isrState {
                state.update(replicas: next.replicas, isr: next.isr, nowMs: nowMs)
                Self.moveHighWatermark(&state, log: log)
                role.isrState = state
            } else {
                role.isrState = nil
            }
            return becomes
        }
    }

    /// Appends a producer's record batches as leader.
    func appendAsLeader(_ records: ByteBuffer, requiredAcks: Int16, nowMs: Int64) throws -> LogAppendInfo {
        let minInsync = topicConfig.minInsyncReplicas
        return try role.withLock { role throws -> LogAppendInfo in
            let current = role.leadership
            guard current.leader == brokerId, role.isrState != nil else {
                throw PartitionError(
                    .notLeaderOrFollower, "broker \(brokerId) is not the leader of \(name) (leader: \(current.leader))")
            }
            if requiredAcks == -1 && current.isr.count < Int(minInsync) {
                throw PartitionError(
                    .notEnoughReplicas,
                    "\(name) has \(current.isr.count) in-sync replicas, min.insync.replicas is \(minInsync)")
            }
            let info: LogAppendInfo
            do {
                info = try log.append(records, leaderEpoch: current.leaderEpoch, nowMs: nowMs)
            } catch let error as LogAppendError {
                var gap = SequenceGap(error)
                if let producerId = gap?.producerId {
                    gap?.producerLastOffset = log.lastBatchOffsets(ofProducer: producerId)?.last ?? -1
                    gap?.epochStartOffset = role.isrState?.epochStartOffset ?? -1
                }
                throw PartitionError(ErrorCode(rawValue: error.kafkaErrorCode), "\(error)", sequenceGap: gap)
            }
            if var state = role.isrState {
                Self.moveHighWatermark(&state, log: log)
                role.isrState = state
            }
            return info
        }
    }

    /// Moves the leader's high watermark from its followers' positions; returns whether it moved.
    @discardableResult
    static func moveHighWatermark(_ state: inout IsrState, log: PartitionLog) -> Bool {
        guard state.advanceHighWatermark(leaderEnd: log.logEndOffset) else { return false }
        if state.highWatermark > log.highWatermark { log.highWatermark = state.highWatermark }
        return true
    }
}
