/// Plain request/result values for OffsetCommit, OffsetFetch and the committed offsets themselves.

struct GroupTopicPartition: Sendable, Hashable, Comparable {
    var topic: String
    var partition: Int32

    static func < (lhs: GroupTopicPartition, rhs: GroupTopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

/// What a group has committed for one partition.
struct CommittedOffset: Sendable, Equatable {
    var offset: Int64
    /// -1 when the client did not say (OffsetCommit before v6).
    var leaderEpoch: Int32
    var metadata: String
    /// Wall-clock milliseconds when the coordinator accepted the commit.
    var commitTimestampMs: Int64
}

struct GroupOffsetCommitEntry: Sendable, Equatable {
    var topic: String
    var partition: Int32
    var offset: Int64
    var leaderEpoch: Int32 = -1
    /// A null metadata string is stored as "", as Kafka does.
    var metadata: String? = nil
}

struct GroupOffsetCommitRequest: Sendable, Equatable {
    var groupId: String
    /// -1 (with an empty member id) for a "simple" consumer that does not use group membership.
    var generationId: Int32 = -1
    var memberId: String = ""
    var groupInstanceId: String? = nil
    var offsets: [GroupOffsetCommitEntry]
}

struct GroupOffsetCommitPartitionResult: Sendable, Equatable {
    var topic: String
    var partition: Int32
    var errorCode: Int16
}

struct GroupOffsetFetchRequest: Sendable, Equatable {
    var groupId: String
    /// Nil asks for every partition the group has committed (OffsetFetch v2+ with null topics).
    var partitions: [GroupTopicPartition]?
}

struct GroupOffsetFetchPartition: Sendable, Equatable {
    var topic: String
    var partition: Int32
    /// -1 when nothing is committed.
    var offset: Int64
    var leaderEpoch: Int32
    var metadata: String
    var errorCode: Int16
}

struct GroupOffsetFetchResult: Sendable, Equatable {
    var errorCode: Int16
    var partitions: [GroupOffsetFetchPartition]
}
