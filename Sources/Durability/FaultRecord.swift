/// One injected fault and what followed it.
public struct FaultRecord: Sendable, Equatable {
    public var index: Int
    public var broker: Int
    public var fault: DurabilitySettings.Fault
    /// Partitions the victim led when it was hit.
    public var ledPartitions: [Int32]
    /// kill -9 of a leader to the first acknowledged acks=all produce on one of its partitions; nil when the
    /// victim led nothing (or for pauses).
    public var failover: Duration?
    /// kill -9 to the moment cluster metadata first named another leader for that partition (polled every 100 ms):
    /// the controller's part of `failover` (session expiry, election); the rest is the client and replication.
    public var elected: Duration?
    /// Whether a produce failed over at all (false: no success within the give-up time).
    public var failoverTimedOut: Bool
    /// How long the broker was down or paused.
    public var downFor: Duration
    /// Whether every partition was back to a full ISR in time afterwards.
    public var healed: Bool

    public init(
        index: Int, broker: Int, fault: DurabilitySettings.Fault, ledPartitions: [Int32], failover: Duration?,
        elected: Duration? = nil, failoverTimedOut: Bool = false, downFor: Duration, healed: Bool
    ) {
        self.index = index
        self.broker = broker
        self.fault = fault
        self.ledPartitions = ledPartitions
        self.failover = failover
        self.elected = elected
        self.failoverTimedOut = failoverTimedOut
        self.downFor = downFor
        self.healed = healed
    }
}
