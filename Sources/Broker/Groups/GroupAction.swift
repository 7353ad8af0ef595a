/// Identifies one parked JoinGroup or SyncGroup request, so the state machine can say which to answer.
typealias GroupWaitToken = UInt64

/// The effects the pure group state machine asks its owner to perform.
enum GroupAction: Sendable, Equatable {
    /// Answer the parked JoinGroup request `token`.
    case completeJoin(token: GroupWaitToken, GroupJoinResult)
    /// Answer the parked SyncGroup request `token`.
    case completeSync(token: GroupWaitToken, GroupSyncResult)
    /// Call `tick(groupId:nowMs:)` for this group at (or after) this monotonic time. Extra or early wake-ups
    /// are harmless: a tick only acts on deadlines that have passed and asks again for the next one.
    case wake(groupId: String, atMs: Int64)
}
