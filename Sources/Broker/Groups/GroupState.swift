/// The life cycle of a classic consumer group, as Kafka 2.x names it.
///
/// Empty → PreparingRebalance (someone joins) → CompletingRebalance (join responses sent, waiting for the
/// leader's SyncGroup) → Stable (assignments handed out). Any membership change sends the group back to
/// PreparingRebalance. Dead is only ever reported for groups the coordinator does not know.
enum GroupState: String, Sendable, Equatable {
    case empty = "Empty"
    case preparingRebalance = "PreparingRebalance"
    case completingRebalance = "CompletingRebalance"
    case stable = "Stable"
    case dead = "Dead"

    /// The name DescribeGroups and ListGroups report.
    var kafkaName: String { rawValue }
}
