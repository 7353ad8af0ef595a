/// Tunables of the group coordinator, named after the broker settings they mirror.
struct GroupCoordinatorConfig: Sendable, Equatable {
    /// `group.min.session.timeout.ms`: shorter client session timeouts get INVALID_SESSION_TIMEOUT.
    var minSessionTimeoutMs: Int32 = 6_000
    /// `group.max.session.timeout.ms`.
    var maxSessionTimeoutMs: Int32 = 1_800_000
    /// `group.initial.rebalance.delay.ms`: how long the first rebalance of an empty group waits for more
    /// members, so that a fleet of consumers starting together is balanced once, not once per arrival.
    /// Kafka's default is 3000; the lab keeps it short so scenarios start quickly.
    var initialRebalanceDelayMs: Int64 = 300
    /// `offset.metadata.max.bytes`: longer commit metadata gets OFFSET_METADATA_TOO_LARGE.
    var offsetMetadataMaxBytes: Int = 4_096
}
