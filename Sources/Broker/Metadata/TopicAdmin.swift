import KafkaWire
import Logging
import ZooKeeper

/// Topic administration through ZooKeeper, as Kafka's ZooKeeper-era admin path does it: any broker writes the
/// assignment under `/brokers/topics`, the controller elects leaders, every broker's watcher picks the result up.
struct TopicAdmin: Sendable {
    let zooKeeper: ZooKeeperClient
    let logger: Logger

    struct Failure: Error, Sendable {
        var code: ErrorCode
        var message: String
    }

    /// More partitions than this in one topic is refused: each one is a ZooKeeper node, a directory and open files,
    /// and a hostile request must not make the broker build an assignment of 2^31 entries.
    static let maxPartitions: Int32 = 10_000

    /// An explicit assignment must number partitions 0..<n (from `firstPartition`), give every partition the same
    /// number of distinct, registered replicas, as Kafka requires.
    static func validateAssignment(_ assignment: [Int32: [Int32]], firstPartition: Int32 = 0, liveBrokers: [Int32])
        -> Failure?
    {
        let live = Set(liveBrokers)
        let expected = Set((0..<Int32(assignment.count)).map { firstPartition + $0 })
        guard Int32(assignment.count) <= maxPartitions, Set(assignment.keys) == expected else {
            return Failure(
                code: .invalidReplicaAssignment,
                message: "partitions must be numbered \(firstPartition) to \(firstPartition + Int32(assignment.count) - 1) without gaps")
        }
        let sizes = Set(assignment.values.map(\.count))
        for (partition, replicas) in assignment {
            if replicas.isEmpty || Set(replicas).count != replicas.count || sizes.count != 1 {
                return Failure(
                    code: .invalidReplicaAssignment,
                    message: "partition \(partition): each partition needs the same number of distinct replicas")
            }
            if let unknown = replicas.first(where: { !live.contains($0) }) {
                return Failure(code: .invalidReplicaAssignment, message: "partition \(partition): broker \(unknown) is not registered")
            }
        }
        return nil
    }

    /// Kafka's rule for topic names: 1-249 characters of [a-zA-Z0-9._-], not "." or "..".
    static func validateName(_ name: String) -> Failure? {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        if name.isEmpty || name == "." || name == ".." || name.utf8.count > 249 || !allowed {
            return Failure(
                code: .invalidTopicException,
                message: "invalid topic name '\(name)': use 1-249 characters of a-z A-Z 0-9 . _ -, not '.' or '..'")
        }
        return nil
    }

    func create(
        name: String,
        partitions: Int32,
        replicationFactor: Int16,
        assignment explicit: [Int32: [Int32]]?,
        configs: [String: String],
        liveBrokers: [Int32],
        validateOnly: Bool = false
    ) async throws(Failure) {
        if let failure = Self.validateName(name) { throw failure }
        if let problem = TopicConfig.validate(configs) { throw Failure(code: .invalidConfig, message: problem) }
        let assignment: [Int32: [Int32]]
        if let explicit, !explicit.isEmpty {
            if let failure = Self.validateAssignment(explicit, liveBrokers: liveBrokers) { throw failure }
            assignment = explicit
        } else {
            guard partitions >= 1 && partitions <= Self.maxPartitions else {
                throw Failure(
                    code: .invalidPartitions, message: "number of partitions must be 1 to \(Self.maxPartitions), got \(partitions)")
            }
            guard replicationFactor >= 1 else {
                throw Failure(code: .invalidReplicationFactor, message: "replication factor must be at least 1, got \(replicationFactor)")
            }
            do {
                assignment = try ReplicaAssignment.assign(
                    partitions: partitions, replicationFactor: replicationFactor, brokers: liveBrokers)
            } catch .replicationFactorTooLarge(let requested, let available) {
                throw Failure(
                    code: .invalidReplicationFactor,
                    message: "replication factor \(requested) is larger than the \(available) available broker(s)")
            } catch {
                throw Failure(code: .brokerNotAvailable, message: "no brokers are registered")
            }
        }
        if validateOnly { return }
        do {
            if try await zooKeeper.exists(ZooKeeperPaths.topic(name)) != nil {
                throw Failure(code: .topicAlreadyExists, message: "topic '\(name)' already exists")
            }
            // Config first: brokers read it when they see the topic appear.
            let config = ZooKeeperRecords.TopicConfig(config: configs)
            do {
                _ = try await zooKeeper.create(ZooKeeperPaths.topicConfig(name), data: ZooKeeperRecords.encode(config))
            } catch ZooKeeperError.nodeExists {
                _ = try await zooKeeper.setData(ZooKeeperPaths.topicConfig(name), data: ZooKeeperRecords.encode(config))
            }
            let record = ZooKeeperRecords.TopicAssignment(partitions: assignment)
            _ = try await zooKeeper.create(ZooKeeperPaths.topic(name), data: ZooKeeperRecords.encode(record))
            logger.info("created topic", metadata: ["topic": "\(name)", "partitions": "\(assignment.count)"])
        } catch let failure as Failure {
            throw failure
        } catch ZooKeeperError.nodeExists {
            throw Failure(code: .topicAlreadyExists, message: "topic '\(name)' already exists")
        } catch {
            throw Failure(code: .unknownServerError, message: "ZooKeeper write failed: \(error)")
        }
    }

    func markForDeletion(_ name: String) async throws(Failure) {
        do {
            guard try await zooKeeper.exists(ZooKeeperPaths.topic(name)) != nil else {
                throw Failure(code: .unknownTopicOrPartition, message: "topic '\(name)' does not exist")
            }
            _ = try await zooKeeper.create(ZooKeeperPaths.deleteTopic(name))
        } catch let failure as Failure {
            throw failure
        } catch ZooKeeperError.nodeExists {
            return
        } catch {
            throw Failure(code: .unknownServerError, message: "ZooKeeper write failed: \(error)")
        }
    }

    /// Grows a topic to `count` partitions, placing the new ones over the live brokers (or as given).
    func addPartitions(
        _ name: String, count: Int32, assignment explicit: [[Int32]]?, liveBrokers: [Int32], validateOnly: Bool
    ) async throws(Failure) {
        do {
            let (data, stat) = try await zooKeeper.getData(ZooKeeperPaths.topic(name))
            var record = try ZooKeeperRecords.decode(ZooKeeperRecords.TopicAssignment.self, from: data)
            var current = record.replicasByPartition
            let existing = Int32(current.count)
            guard count <= Self.maxPartitions else {
                throw Failure(code: .invalidPartitions, message: "at most \(Self.maxPartitions) partitions, got \(count)")
            }
            guard count > existing else {
                throw Failure(
                    code: .invalidPartitions, message: "topic '\(name)' has \(existing) partitions; the new count must be larger, got \(count)")
            }
            let replicationFactor = Int16(current[0]?.count ?? 1)
            if let explicit, !explicit.isEmpty {
                guard explicit.count == Int(count - existing) else {
                    throw Failure(code: .invalidReplicaAssignment, message: "expected \(count - existing) replica lists, got \(explicit.count)")
                }
                var added: [Int32: [Int32]] = [:]
                for (offset, replicas) in explicit.enumerated() { added[existing + Int32(offset)] = replicas }
                if let failure = Self.validateAssignment(added, firstPartition: existing, liveBrokers: liveBrokers) {
                    throw failure
                }
                current.merge(added) { old, _ in old }
            } else {
                let added = try ReplicaAssignment.assign(
                    partitions: count - existing, replicationFactor: replicationFactor, brokers: liveBrokers,
                    firstPartition: existing)
                current.merge(added) { old, _ in old }
            }
            if validateOnly { return }
            record.partitions = Dictionary(uniqueKeysWithValues: current.map { (String($0.key), $0.value) })
            _ = try await zooKeeper.setData(ZooKeeperPaths.topic(name), data: ZooKeeperRecords.encode(record), version: stat.version)
        } catch let failure as Failure {
            throw failure
        } catch ZooKeeperError.noNode {
            throw Failure(code: .unknownTopicOrPartition, message: "topic '\(name)' does not exist")
        } catch let error as ReplicaAssignment.Failure {
            throw Failure(code: .invalidReplicationFactor, message: "cannot place new partitions: \(error)")
        } catch {
            throw Failure(code: .unknownServerError, message: "ZooKeeper update failed: \(error)")
        }
    }

    func setConfig(_ name: String, _ configs: [String: String]) async throws(Failure) {
        if let problem = TopicConfig.validate(configs) { throw Failure(code: .invalidConfig, message: problem) }
        do {
            let record = ZooKeeperRecords.TopicConfig(config: configs)
            _ = try await zooKeeper.setData(ZooKeeperPaths.topicConfig(name), data: ZooKeeperRecords.encode(record))
        } catch {
            throw Failure(code: .unknownServerError, message: "ZooKeeper update failed: \(error)")
        }
    }
}
