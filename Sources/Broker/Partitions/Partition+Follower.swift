import KafkaLog
import KafkaWire
import NIOCore

extension Partition {
    /// Whether this broker follows the partition in `leaderEpoch` (it is a replica, not the leader, and the epoch
    /// is the current one). Every follower write checks this under the role lock, so a response that arrives after
    /// a leadership change can never land in the log.
    private func follows(_ role: Role, leaderEpoch: Int32) -> Bool {
        role.leadership.leader != brokerId && role.leadership.leader >= 0 && role.leadership.leaderEpoch == leaderEpoch
    }

    /// Appends batches fetched from the leader and takes the leader's high watermark, bounded by the own log end.
    /// Returns false (writing nothing) when the leadership changed meanwhile.
    func appendAsFollower(_ records: ByteBuffer, leaderEpoch: Int32, leaderHighWatermark: Int64) throws -> Bool {
        try role.withLock { role throws -> Bool in
            guard follows(role, leaderEpoch: leaderEpoch) else { return false }
            if records.readableBytes > 0 {
                do { try log.appendAsFollower(records) } catch let error as LogAppendError {
                    throw PartitionError(ErrorCode(rawValue: error.kafkaErrorCode), "\(error)")
                }
            }
            let highWatermark = min(leaderHighWatermark, log.logEndOffset)
            if highWatermark > log.highWatermark { log.highWatermark = highWatermark }
            return true
        }
    }

    /// Truncates to `offset` before fetching from the leader of `leaderEpoch`; false when leadership changed.
    func truncateAsFollower(to offset: Int64, leaderEpoch: Int32) throws -> Bool {
        try role.withLock { role throws -> Bool in
            guard follows(role, leaderEpoch: leaderEpoch) else { return false }
            do { try log.truncate(to: offset) } catch {
                throw PartitionError(.kafkaStorageError, "\(error)")
            }
            return true
        }
    }

    /// Restarts the log empty at the leader's log start (the leader deleted what this follower would need next).
    func restartAsFollower(at offset: Int64, leaderEpoch: Int32) throws -> Bool {
        try role.withLock { role throws -> Bool in
            guard follows(role, leaderEpoch: leaderEpoch) else { return false }
            do { try log.truncateFullyAndStart(at: offset) } catch {
                throw PartitionError(.kafkaStorageError, "\(error)")
            }
            return true
        }
    }

    /// What the truncation decision needs to know of this replica's log.
    var truncationView: FollowerTruncation.Local {
        let log = self.log
        return FollowerTruncation.Local(
            logEndOffset: log.logEndOffset, highWatermark: log.highWatermark, latestEpoch: log.latestEpoch,
            endOffsetForEpoch: { epoch in log.endOffset(forEpoch: epoch).endOffset })
    }
}
