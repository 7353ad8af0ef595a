import Logging
import ZooKeeper

/// Partition administration the ZooKeeper way, as Kafka's ZooKeeper-era tools did it: requests are written to
/// `/admin/reassign_partitions` and `/admin/preferred_replica_election`, the controller carries them out and
/// removes them, and progress is read back from the partition znodes.
public struct PartitionAdmin: Sendable {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    let client: ZooKeeperClient

    public init(client: ZooKeeperClient) {
        self.client = client
    }

    /// Connects to `connect` ("host:port[,host:port]/chroot", e.g. what `cluster status` shows). Close it after use.
    public static func connect(_ connect: String, timeout: Duration = .seconds(5)) async throws -> PartitionAdmin {
        do {
            let client = try await ZooKeeperClient.connect(
                connect, sessionTimeout: .seconds(10), connectTimeout: timeout,
                logger: Logger(label: "kafkalab.partition-admin"))
            return PartitionAdmin(client: client)
        } catch {
            throw Failure("cannot connect to ZooKeeper at \(connect): \(error)")
        }
    }

    public func close() async { await client.close() }

    /// Waits until none of `moves` is pending any more, calling `progress` with (done, total) when it changes.
    public func waitForReassignments(
        _ moves: [PartitionReassignment], timeout: Duration, progress: (Int, Int) -> Void
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastLeft = -1
        while true {
            let pending = Set(try await pendingReassignments())
            let left = moves.filter { pending.contains($0) }.count
            if left != lastLeft {
                progress(moves.count - left, moves.count)
                lastLeft = left
            }
            if left == 0 { return }
            guard ContinuousClock.now < deadline else {
                throw Failure("\(left) of \(moves.count) partition moves not done after \(timeout); they go on")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Registered broker ids, sorted.
    public func liveBrokers() async throws -> [Int32] {
        try await client.children(PartitionZNodes.brokerIds).compactMap { Int32($0) }.sorted()
    }

    /// Every partition (of `topics`, or of all topics), sorted by topic and partition.
    public func partitions(of topics: [String]? = nil) async throws -> [PartitionView] {
        var names = topics ?? []
        if topics == nil { names = try await client.children(PartitionZNodes.topics).sorted() }
        var views: [PartitionView] = []
        for name in names {
            guard let (data, _) = try? await client.getData(PartitionZNodes.topic(name)),
                let assignment = PartitionZNodes.decode(PartitionZNodes.TopicAssignment.self, from: data)
            else { continue }
            let numbered = assignment.partitions.compactMap { key, replicas in Int32(key).map { ($0, replicas) } }
            for (partition, replicas) in numbered.sorted(by: { $0.0 < $1.0 }) {
                let state = (try? await client.getData(PartitionZNodes.state(name, partition))).flatMap {
                    PartitionZNodes.decode(PartitionZNodes.PartitionState.self, from: $0.data)
                }
                views.append(
                    PartitionView(
                        topic: name, partition: partition, replicas: replicas, leader: state?.leader ?? -1,
                        isr: state?.isr ?? []))
            }
        }
        return views
    }

    /// Reassignments the controller has not finished.
    public func pendingReassignments() async throws -> [PartitionReassignment] {
        do {
            let (data, _) = try await client.getData(PartitionZNodes.reassignPartitions)
            return PartitionZNodes.decode(PartitionZNodes.ReassignRequest.self, from: data)?.partitions ?? []
        } catch ZooKeeperError.noNode {
            return []
        }
    }

    /// Checks `moves` against the cluster (topics and partitions exist, replica lists are non-empty, distinct and
    /// name registered brokers), then adds them to the pending request; a partition already pending gets the new
    /// target.
    public func requestReassignment(_ moves: [PartitionReassignment]) async throws {
        guard !moves.isEmpty else { throw Failure("no partitions to reassign") }
        let live = Set(try await liveBrokers())
        var known: [String: Set<Int32>] = [:]
        for move in moves {
            if known[move.topic] == nil {
                known[move.topic] = Set(try await partitions(of: [move.topic]).map(\.partition))
            }
            if let problem = Self.problem(with: move, partitions: known[move.topic] ?? [], live: live) {
                throw Failure(problem)
            }
        }
        if Set(moves.map { "\($0.topic)-\($0.partition)" }).count != moves.count {
            throw Failure("a partition is listed more than once")
        }
        try await updateRequest { pending in
            let moved = Set(moves.map { PartitionKey(topic: $0.topic, partition: $0.partition) })
            return pending.filter { !moved.contains(PartitionKey(topic: $0.topic, partition: $0.partition)) } + moves
        }
    }

    /// Why `move` cannot be requested, or nil when it can.
    static func problem(with move: PartitionReassignment, partitions: Set<Int32>, live: Set<Int32>) -> String? {
        if partitions.isEmpty { return "topic '\(move.topic)' does not exist" }
        if !partitions.contains(move.partition) {
            return "topic '\(move.topic)' has no partition \(move.partition) (it has 0-\(partitions.count - 1))"
        }
        if move.replicas.isEmpty { return "\(move.topic)-\(move.partition): the replica list is empty" }
        if Set(move.replicas).count != move.replicas.count {
            return "\(move.topic)-\(move.partition): the replica list \(move.replicas) names a broker twice"
        }
        if let unknown = move.replicas.first(where: { !live.contains($0) }) {
            return "\(move.topic)-\(move.partition): broker \(unknown) is not registered (live: "
                + live.sorted().map(String.init).joined(separator: ",") + ")"
        }
        return nil
    }

    /// Read-modify-write of the request znode, conditional on its version; an unreadable one is replaced.
    private func updateRequest(_ change: ([PartitionReassignment]) -> [PartitionReassignment]) async throws {
        let path = PartitionZNodes.reassignPartitions
        while true {
            do {
                let (data, stat) = try await client.getData(path)
                let pending = PartitionZNodes.decode(PartitionZNodes.ReassignRequest.self, from: data)?.partitions ?? []
                let request = PartitionZNodes.ReassignRequest(partitions: change(pending))
                _ = try await client.setData(path, data: try PartitionZNodes.encode(request), version: stat.version)
                return
            } catch ZooKeeperError.noNode {
                let request = PartitionZNodes.ReassignRequest(partitions: change([]))
                do {
                    _ = try await client.create(path, data: try PartitionZNodes.encode(request))
                    return
                } catch ZooKeeperError.nodeExists { continue }
            } catch ZooKeeperError.badVersion {
                continue
            }
        }
    }

    /// Asks the controller to move leadership of `partitions` back to their preferred replicas, and waits until it
    /// has tried (it deletes the request). Only one request can be pending, as in Kafka.
    public func electPreferredLeaders(_ partitions: [PartitionView], timeout: Duration) async throws {
        guard !partitions.isEmpty else { throw Failure("no partitions to elect leaders for") }
        let request = PartitionZNodes.ElectionRequest(
            partitions: partitions.map { .init(topic: $0.topic, partition: $0.partition) })
        do {
            _ = try await client.create(
                PartitionZNodes.preferredReplicaElection, data: try PartitionZNodes.encode(request))
        } catch ZooKeeperError.nodeExists {
            throw Failure("a preferred leader election is already in progress (/admin/preferred_replica_election)")
        }
        let deadline = ContinuousClock.now + timeout
        while try await client.exists(PartitionZNodes.preferredReplicaElection) != nil {
            guard ContinuousClock.now < deadline else {
                throw Failure("the controller did not carry out the election within \(timeout); is there one?")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

struct PartitionKey: Hashable {
    var topic: String
    var partition: Int32
}
