import KafkaLog
import KafkaWire
import NIOCore
import Synchronization

/// One partition replica on this broker: its log, and what this broker knows of its leadership and ISR.
///
/// The log does its own locking; this type adds the leader's checks (is this broker the leader, are enough replicas
/// in sync) and the high watermark, which only the leader advances.
final class Partition: Sendable {
    struct Leadership: Sendable, Equatable {
        var leader: Int32 = -1
        var leaderEpoch: Int32 = -1
        var replicas: [Int32] = []
        var isr: [Int32] = []
    }

    let topic: String
    let index: Int32
    let brokerId: Int32
    let log: PartitionLog
    private let leadership = Mutex(Leadership())
    private let config: Mutex<TopicConfig>

    init(topic: String, index: Int32, brokerId: Int32, log: PartitionLog, config: TopicConfig) {
        self.topic = topic
        self.index = index
        self.brokerId = brokerId
        self.log = log
        self.config = Mutex(config)
    }

    var name: String { "\(topic)-\(index)" }
    var currentLeadership: Leadership { leadership.withLock { $0 } }
    var isLeader: Bool { leadership.withLock { $0.leader == brokerId } }
    var topicConfig: TopicConfig { config.withLock { $0 } }

    func update(config newConfig: TopicConfig) {
        config.withLock { $0 = newConfig }
    }

    /// Applies a leadership decision read from ZooKeeper. Returns true when this broker just became leader.
    @discardableResult
    func apply(_ next: Leadership) -> Bool {
        let becameLeader = leadership.withLock { current -> Bool in
            let newEpoch = next.leaderEpoch != current.leaderEpoch
            let becomes = next.leader == brokerId && (current.leader != brokerId || newEpoch)
            current = next
            return becomes
        }
        if becameLeader {
            // A new leader records where its epoch starts, so followers can later find where logs diverged.
            try? log.assignEpochStart(epoch: next.leaderEpoch, offset: log.logEndOffset)
            advanceHighWatermark()
        }
        return becameLeader
    }

    /// Appends a producer's record batches as leader.
    func appendAsLeader(_ records: ByteBuffer, requiredAcks: Int16, nowMs: Int64) throws -> LogAppendInfo {
        let current = leadership.withLock { $0 }
        guard current.leader == brokerId else {
            throw PartitionError(.notLeaderOrFollower, "broker \(brokerId) is not the leader of \(name) (leader: \(current.leader))")
        }
        let minInsync = topicConfig.minInsyncReplicas
        if requiredAcks == -1 && current.isr.count < Int(minInsync) {
            throw PartitionError(
                .notEnoughReplicas, "\(name) has \(current.isr.count) in-sync replicas, min.insync.replicas is \(minInsync)")
        }
        let info: LogAppendInfo
        do {
            info = try log.append(records, leaderEpoch: current.leaderEpoch, nowMs: nowMs)
        } catch {
            throw PartitionError(ErrorCode(rawValue: error.kafkaErrorCode), "\(error)")
        }
        advanceHighWatermark()
        return info
    }

    /// The leader's high watermark: the smallest log end offset over the ISR. Alone in the ISR, it is the log end.
    func advanceHighWatermark() {
        let current = leadership.withLock { $0 }
        guard current.leader == brokerId else { return }
        if current.isr.allSatisfy({ $0 == brokerId }) {
            let end = log.logEndOffset
            if end > log.highWatermark { log.highWatermark = end }
        }
    }

    /// Reads for a consumer: whole batches from the one holding `offset`, never past the high watermark.
    func readForConsumer(from offset: Int64, maxBytes: Int) throws -> ByteBuffer {
        do {
            return try log.read(from: offset, maxBytes: maxBytes, upTo: log.highWatermark)
        } catch {
            throw PartitionError(ErrorCode(rawValue: error.kafkaErrorCode), "\(error)")
        }
    }
}
