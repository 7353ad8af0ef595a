import Synchronization

/// The cluster metadata this broker has acted on: a snapshot is published here only once `onChange` (the replica
/// manager taking leaderships on or off, the group coordinator loading or dropping offsets partitions) has returned
/// for it.
///
/// Handlers that tell clients who leads a partition or who coordinates a group answer from this snapshot, not from
/// the watcher's latest read: a broker then never names itself for a leadership its replica manager has not taken
/// on yet (the client would get NOT_LEADER_OR_FOLLOWER or NOT_COORDINATOR for something a moment away), and when it
/// names another broker, that is what its own replica manager follows too.
///
/// One per broker, not per ZooKeeper session: after a session expires, what the replica manager acts on is still
/// the last snapshot applied, until the new session's watcher has read everything and applied it.
final class AppliedMetadata: Sendable {
    private let published = Mutex(ClusterMetadata())
    private let onChange: @Sendable (ClusterMetadata) async -> Void

    init(onChange: @escaping @Sendable (ClusterMetadata) async -> Void) {
        self.onChange = onChange
    }

    /// The last snapshot whose `onChange` has returned (empty before the first).
    var snapshot: ClusterMetadata { published.withLock { $0 } }

    /// Acts on `metadata`, then publishes it. Callers apply one snapshot at a time (the watcher's run loop), so
    /// snapshots are published in the order they were read.
    func apply(_ metadata: ClusterMetadata) async {
        await onChange(metadata)
        published.withLock { $0 = metadata }
    }
}
