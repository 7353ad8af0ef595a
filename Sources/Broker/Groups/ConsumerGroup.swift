/// One classic consumer group as a plain value: membership, generation, chosen protocol and committed offsets.
///
/// All mutation goes through the `GroupCoordinatorState` extensions, which append the effects they need
/// (answers to parked requests, wake-ups) to an action list instead of performing them.
struct ConsumerGroup: Sendable {
    let groupId: String
    var state: GroupState = .empty
    var generationId: Int32 = 0
    var protocolType: String?
    /// The protocol chosen by the last completed join phase; nil while Empty.
    var protocolName: String?
    /// The first member to join; when it goes, the next member in join order takes over.
    var leaderId: String?
    /// Member ids in join order (the order the leader sees them in).
    var memberIds: [String] = []
    var members: [String: GroupMember] = [:]
    /// Ids handed out with MEMBER_ID_REQUIRED, waiting for the member's second JoinGroup; value: expiry time.
    var pendingMemberDeadlines: [String: Int64] = [:]
    /// Present while PreparingRebalance: when the join phase ends at the latest.
    var joinPhase: JoinPhase?
    var offsets: [GroupTopicPartition: CommittedOffset] = [:]

    init(groupId: String) {
        self.groupId = groupId
    }

    /// When the join phase of a rebalance ends.
    struct JoinPhase: Sendable, Equatable {
        var deadlineMs: Int64
        /// The first rebalance of an empty group waits the initial delay even when everyone has joined.
        var isInitialDelay: Bool
        /// The initial delay is extended for each newcomer, but never beyond the rebalance timeout.
        var limitMs: Int64
    }

    func isLeader(_ memberId: String) -> Bool { memberId == leaderId }

    var allMembersJoined: Bool {
        pendingMemberDeadlines.isEmpty && members.values.allSatisfy { $0.pendingJoin != nil }
    }

    /// The earliest time at which something in this group may time out.
    var nextDeadlineMs: Int64? {
        var deadlines = members.values.filter { !$0.isWaiting }.map(\.sessionDeadlineMs)
        deadlines.append(contentsOf: pendingMemberDeadlines.values)
        if let joinPhase { deadlines.append(joinPhase.deadlineMs) }
        return deadlines.min()
    }

    /// True when the group holds nothing worth keeping in memory.
    var isDisposable: Bool {
        state == .empty && members.isEmpty && pendingMemberDeadlines.isEmpty && offsets.isEmpty
    }
}
