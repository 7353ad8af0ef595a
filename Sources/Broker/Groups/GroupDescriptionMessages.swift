/// Plain result values for DescribeGroups, ListGroups and DeleteGroups.

struct GroupMemberDescription: Sendable, Equatable {
    var memberId: String
    var groupInstanceId: String?
    var clientId: String
    var clientHost: String
    /// The member's metadata for the chosen protocol; empty unless the group is Stable (as in Kafka).
    var metadata: [UInt8]
    /// Empty unless the group is Stable.
    var assignment: [UInt8]
}

struct GroupDescription: Sendable, Equatable {
    var errorCode: Int16
    var groupId: String
    /// Kafka's state name: "Empty", "PreparingRebalance", "CompletingRebalance", "Stable" or "Dead".
    var state: String
    var protocolType: String
    /// The chosen protocol while Stable, "" otherwise.
    var protocolName: String
    var members: [GroupMemberDescription]
}

struct GroupListing: Sendable, Equatable {
    var groupId: String
    var protocolType: String
    var state: String
}

struct GroupDeletionResult: Sendable, Equatable {
    var groupId: String
    var errorCode: Int16
}
