import Foundation

/// The parts of Kafka's ZooKeeper documents the lab's admin commands read and write. The broker has its own full
/// definitions; these are kept to the fields needed here, and decoding ignores the rest.
enum PartitionZNodes {
    static let topics = "/brokers/topics"
    static let brokerIds = "/brokers/ids"
    static let reassignPartitions = "/admin/reassign_partitions"
    static let preferredReplicaElection = "/admin/preferred_replica_election"

    static func topic(_ name: String) -> String { "\(topics)/\(name)" }
    static func state(_ topic: String, _ partition: Int32) -> String {
        "\(topics)/\(topic)/partitions/\(partition)/state"
    }

    /// `/brokers/topics/T`: `{"partitions":{"0":[1,2],...}}`.
    struct TopicAssignment: Decodable {
        var partitions: [String: [Int32]]
    }

    /// `/brokers/topics/T/partitions/P/state`.
    struct PartitionState: Decodable {
        var leader: Int32
        var isr: [Int32]
        var leaderEpoch: Int32

        enum CodingKeys: String, CodingKey {
            case leader, isr
            case leaderEpoch = "leader_epoch"
        }
    }

    /// `/admin/reassign_partitions`, Kafka's layout.
    struct ReassignRequest: Codable, Equatable {
        var version = 1
        var partitions: [PartitionReassignment]
    }

    /// `/admin/preferred_replica_election`, Kafka's layout.
    struct ElectionRequest: Codable, Equatable {
        struct Entry: Codable, Equatable {
            var topic: String
            var partition: Int32
        }

        var version = 1
        var partitions: [Entry]
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(bytes))
    }
}

/// One partition's move: its target replica list, preferred leader first.
public struct PartitionReassignment: Codable, Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var replicas: [Int32]

    public init(topic: String, partition: Int32, replicas: [Int32]) {
        self.topic = topic
        self.partition = partition
        self.replicas = replicas
    }
}

/// One partition as ZooKeeper holds it: assignment and, once the controller has elected a leader, its state.
public struct PartitionView: Codable, Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var replicas: [Int32]
    /// -1 when there is none (offline) or no state yet.
    public var leader: Int32
    public var isr: [Int32]

    public init(topic: String, partition: Int32, replicas: [Int32], leader: Int32, isr: [Int32]) {
        self.topic = topic
        self.partition = partition
        self.replicas = replicas
        self.leader = leader
        self.isr = isr
    }

    public var name: String { "\(topic)-\(partition)" }
}
