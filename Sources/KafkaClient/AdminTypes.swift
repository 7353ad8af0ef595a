/// A topic to create.
public struct NewTopic: Sendable, Equatable {
    public var name: String
    /// -1 lets the broker choose (its `num.partitions`).
    public var partitions: Int32
    /// -1 lets the broker choose (its `default.replication.factor`).
    public var replicationFactor: Int32
    public var configs: [String: String]

    public init(name: String, partitions: Int32 = -1, replicationFactor: Int32 = -1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

public struct BrokerMetadata: Sendable, Equatable {
    public var id: Int32
    public var host: String
    public var port: Int32
}

public struct PartitionMetadata: Sendable, Equatable {
    public var id: Int32
    public var leader: Int32
    public var replicas: [Int32]
    public var isr: [Int32]
    public var error: KafkaError?
}

public struct TopicMetadata: Sendable, Equatable {
    public var name: String
    public var partitions: [PartitionMetadata]
    public var error: KafkaError?

    public var replicationFactor: Int { partitions.first?.replicas.count ?? 0 }
}

/// Brokers and topics as a metadata request sees them.
public struct ClusterMetadata: Sendable, Equatable {
    public var clusterId: String?
    public var controllerId: Int32
    public var brokers: [BrokerMetadata]
    public var topics: [TopicMetadata]
}

public struct ConfigEntry: Sendable, Equatable {
    public var name: String
    public var value: String?
    public var isDefault: Bool
    public var isReadOnly: Bool
    public var isSensitive: Bool
}

/// Low and high watermarks of a partition (high = the offset the next record will get).
public struct PartitionOffsets: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var low: Int64
    public var high: Int64
}

public struct GroupMember: Sendable, Equatable {
    public var memberId: String
    public var clientId: String
    public var clientHost: String
}

public struct GroupDescription: Sendable, Equatable {
    public var groupId: String
    public var state: String
    public var protocolType: String
    public var protocolName: String
    public var coordinator: Int32
    public var members: [GroupMember]
    public var error: KafkaError?
}
