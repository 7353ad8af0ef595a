import Foundation

/// The JSON documents Kafka keeps in ZooKeeper, with Kafka's field names.
enum ZooKeeperRecords {
    /// `/brokers/ids/N`, ephemeral: how to reach a live broker.
    struct BrokerRegistration: Codable, Equatable, Sendable {
        var version: Int = 5
        var host: String
        var port: Int
        var endpoints: [String]
        var listenerSecurityProtocolMap: [String: String] = ["PLAINTEXT": "PLAINTEXT"]
        var jmxPort: Int = -1
        var rack: String?
        var timestamp: String

        enum CodingKeys: String, CodingKey {
            case version, host, port, endpoints, rack, timestamp
            case listenerSecurityProtocolMap = "listener_security_protocol_map"
            case jmxPort = "jmx_port"
        }
    }

    /// `/controller`, ephemeral: who the controller is; the first broker to create it wins.
    struct Controller: Codable, Equatable, Sendable {
        var version: Int = 1
        var brokerid: Int32
        var timestamp: String
    }

    /// `/brokers/topics/T`: the replica assignment, partition number → broker ids (preferred leader first).
    struct TopicAssignment: Codable, Equatable, Sendable {
        var version: Int = 2
        var partitions: [String: [Int32]]
        var addingReplicas: [String: [Int32]] = [:]
        var removingReplicas: [String: [Int32]] = [:]

        enum CodingKeys: String, CodingKey {
            case version, partitions
            case addingReplicas = "adding_replicas"
            case removingReplicas = "removing_replicas"
        }

        init(partitions: [Int32: [Int32]]) {
            self.partitions = Dictionary(uniqueKeysWithValues: partitions.map { (String($0.key), $0.value) })
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
            partitions = try container.decode([String: [Int32]].self, forKey: .partitions)
            addingReplicas = try container.decodeIfPresent([String: [Int32]].self, forKey: .addingReplicas) ?? [:]
            removingReplicas = try container.decodeIfPresent([String: [Int32]].self, forKey: .removingReplicas) ?? [:]
        }

        /// Partition → replicas, skipping keys that are not partition numbers.
        var replicasByPartition: [Int32: [Int32]] {
            var result: [Int32: [Int32]] = [:]
            for (key, replicas) in partitions { if let id = Int32(key) { result[id] = replicas } }
            return result
        }
    }

    /// `/brokers/topics/T/partitions/P/state`: leader, leader epoch and ISR, updated conditionally on its version.
    struct PartitionState: Codable, Equatable, Sendable {
        var controllerEpoch: Int32
        var leader: Int32
        var version: Int = 1
        var leaderEpoch: Int32
        var isr: [Int32]

        enum CodingKeys: String, CodingKey {
            case version, leader, isr
            case controllerEpoch = "controller_epoch"
            case leaderEpoch = "leader_epoch"
        }
    }

    /// `/config/topics/T`: per-topic config overrides.
    struct TopicConfig: Codable, Equatable, Sendable {
        var version: Int = 1
        var config: [String: String]
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding these plain records cannot fail; an empty document would be rejected by readers, not crash them.
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    static func timestamp() -> String { String(Int64(Date().timeIntervalSince1970 * 1000)) }
}
