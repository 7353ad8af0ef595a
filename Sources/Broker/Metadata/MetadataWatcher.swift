import Logging
import Synchronization
import ZooKeeper

/// Keeps a broker's `ClusterMetadata` in step with ZooKeeper.
///
/// Every node read is watched; when a watch fires, only that node is read again (and watched again). Changes are
/// handed whole to `AppliedMetadata`, whose `onChange` reconciles partitions and, on the controller, elects leaders,
/// and which publishes them as applied once that returned. A path keeps at most one outstanding watch, so re-reads
/// never pile up duplicate watchers in the client.
///
/// `latest` is the raw view, ahead of what the broker acts on: it suits admin decisions (does the topic exist, which
/// brokers are alive), not telling clients who leads (that is `AppliedMetadata.snapshot`).
///
/// Changes are coalesced: every node that changed while the previous round ran is re-read, then it is applied
/// once. One `onChange` per node made a burst (a 50-partition `__consumer_offsets` is 150 replica states
/// appearing) cost one full reconcile per znode: the controller took seconds to see its own elections, and
/// FindCoordinator answered COORDINATOR_NOT_AVAILABLE all that time.
final class MetadataWatcher: Sendable {
    enum Node: Hashable, Sendable {
        case brokerList
        case broker(Int32)
        case topicList
        case topic(String)
        case partitionState(String, Int32)
        case topicConfig(String)
        case controller
        case deletions
        case reassignments
        case preferredElection
    }

    private struct State {
        var metadata = ClusterMetadata()
        var watched: Set<Node> = []
        /// Nodes whose last read failed, in the order they failed; each is read again on its own.
        var unread: [Node] = []
        var isStopped = false
    }

    private let zooKeeper: ZooKeeperClient
    private let state = Mutex(State())
    /// Nodes to re-read, in the order they changed, each once.
    private let pending = Mutex<[Node]>([])
    /// Wakes the run loop; holding at most one wake-up is enough, since a round takes every pending node.
    private let wakeUps: AsyncStream<Void>
    private let wakeUpContinuation: AsyncStream<Void>.Continuation
    private let applied: AppliedMetadata
    private let logger: Logger

    init(zooKeeper: ZooKeeperClient, logger: Logger, applied: AppliedMetadata) {
        self.zooKeeper = zooKeeper
        self.logger = logger
        self.applied = applied
        (wakeUps, wakeUpContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Everything read so far, including what is not applied yet.
    var latest: ClusterMetadata { state.withLock { $0.metadata } }

    /// Whether the first full read is done and applied: this watcher's metadata is then current.
    var hasLoaded: Bool { loaded.withLock { $0 } }
    private let loaded = Mutex(false)

    /// Reads everything once (completely: see `CompleteFirstLoad`), then follows changes until stopped. A watcher
    /// stopped because its session ended applies nothing more: its view may be half-read.
    func run() async {
        let complete = await CompleteFirstLoad.run(
            roots: [.brokerList, .controller, .reassignments, .preferredElection, .topicList, .deletions],
            attempt: { await attempt($0) },
            unread: { state.withLock { $0.unread } },
            isStopped: { isStopped },
            pause: { try? await Task.sleep(for: .milliseconds(200)) })
        guard complete else { return }
        await applied.apply(latest)
        loaded.withLock { $0 = true }
        for await _ in wakeUps {
            let nodes = pending.withLock { queued in
                defer { queued.removeAll() }
                return queued
            }
            guard !nodes.isEmpty else { continue }
            for node in nodes { await refresh(node) }
            guard !isStopped else { return }
            await applied.apply(latest)
        }
    }

    private var isStopped: Bool { state.withLock { $0.isStopped } }

    /// Forces a re-read, for callers that just wrote to ZooKeeper and want to see it without waiting for a watch.
    func invalidate(_ node: Node) {
        enqueue(node)
    }

    func stop() {
        state.withLock { $0.isStopped = true }
        wakeUpContinuation.finish()
    }

    private func enqueue(_ node: Node) {
        pending.withLock { queued in
            if !queued.contains(node) { queued.append(node) }
        }
        wakeUpContinuation.yield()
    }

    private func watcher(for node: Node) -> (@Sendable (WatchEvent) -> Void)? {
        let shouldWatch = state.withLock { state in state.watched.insert(node).inserted }
        guard shouldWatch else { return nil }
        return { [weak self] _ in
            self?.state.withLock { _ = $0.watched.remove(node) }
            self?.enqueue(node)
        }
    }

    private func children(_ path: String, _ node: Node) async throws -> [String] {
        guard let watch = watcher(for: node) else { return try await zooKeeper.children(path) }
        do {
            return try await zooKeeper.children(path, watch: watch)
        } catch {
            state.withLock { _ = $0.watched.remove(node) }
            throw error
        }
    }

    private func getData(_ path: String, _ node: Node) async throws -> (data: [UInt8], stat: ZNodeStat) {
        guard let watch = watcher(for: node) else { return try await zooKeeper.getData(path) }
        do {
            return try await zooKeeper.getData(path, watch: watch)
        } catch {
            // A failed read leaves no watch behind in ZooKeeper; forget ours so the next read can set one.
            state.withLock { _ = $0.watched.remove(node) }
            throw error
        }
    }

    private func exists(_ path: String, _ node: Node) async throws -> ZNodeStat? {
        guard let watch = watcher(for: node) else { return try await zooKeeper.exists(path) }
        return try await zooKeeper.exists(path, watch: watch)
    }

    /// Reads `node` and, when that fails, retries it soon on its own.
    private func refresh(_ node: Node) async {
        if !(await attempt(node)) { retrySoon(node) }
    }

    /// One read; a failure is remembered in `unread` (the first load waits for it) and logged.
    @discardableResult
    private func attempt(_ node: Node) async -> Bool {
        do {
            try await read(node)
            state.withLock { $0.unread.removeAll { $0 == node } }
            return true
        } catch let error as ZooKeeperError {
            // The watch may not have been set; forget it so the next read sets it again.
            state.withLock { state in
                _ = state.watched.remove(node)
                if !state.unread.contains(node) { state.unread.append(node) }
            }
            if !isStopped {
                logger.warning("metadata read failed", metadata: ["node": "\(node)", "error": "\(error)"])
            }
            return false
        } catch {
            // ZooKeeper answered (and the watch is set) but the content is not what Kafka writes there. Reading it
            // again cannot help, and holding the first load for it would keep the broker from serving at all: it
            // is ignored until it changes.
            state.withLock { $0.unread.removeAll { $0 == node } }
            logger.warning(
                "unreadable znode ignored until it changes", metadata: ["node": "\(node)", "error": "\(error)"])
            return true
        }
    }

    private func retrySoon(_ node: Node) {
        Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(200))
            self?.enqueue(node)
        }
    }

    private func read(_ node: Node) async throws {
        switch node {
        case .brokerList:
            let ids = try await children(ZooKeeperPaths.brokerIds, node).compactMap { Int32($0) }
            let known = state.withLock { state in
                state.metadata.brokers = state.metadata.brokers.filter { ids.contains($0.key) }
                return Set(state.metadata.brokers.keys)
            }
            for id in ids where !known.contains(id) { await refresh(.broker(id)) }
        case .broker(let id):
            do {
                let (data, _) = try await getData(ZooKeeperPaths.broker(id), node)
                let registration = try ZooKeeperRecords.decode(ZooKeeperRecords.BrokerRegistration.self, from: data)
                let endpoint = ClusterMetadata.BrokerEndpoint(
                    id: id, host: registration.host, port: Int32(registration.port), rack: registration.rack)
                state.withLock { $0.metadata.brokers[id] = endpoint }
            } catch ZooKeeperError.noNode {
                state.withLock { _ = $0.metadata.brokers.removeValue(forKey: id) }
            }
        case .controller:
            do {
                let (data, _) = try await getData(ZooKeeperPaths.controller, node)
                let controller = try ZooKeeperRecords.decode(ZooKeeperRecords.Controller.self, from: data)
                state.withLock { $0.metadata.controllerId = controller.brokerid }
            } catch ZooKeeperError.noNode {
                state.withLock { $0.metadata.controllerId = -1 }
                // Watch for its creation instead. If another broker won the election between the read and this
                // check, the node already exists and no creation event will come: read it now, or this broker
                // would report no controller (and keep trying to become one) until the controller next changes.
                if try await exists(ZooKeeperPaths.controller, node) != nil { try await read(node) }
            }
        case .topicList:
            let names = Set(try await children(ZooKeeperPaths.topics, node))
            let known = state.withLock { state in
                state.metadata.topics = state.metadata.topics.filter { names.contains($0.key) }
                return Set(state.metadata.topics.keys)
            }
            for name in names.subtracting(known) { await refresh(.topic(name)) }
        case .topic(let name):
            do {
                let (data, _) = try await getData(ZooKeeperPaths.topic(name), node)
                let assignment = try ZooKeeperRecords.decode(ZooKeeperRecords.TopicAssignment.self, from: data)
                let replicas = assignment.replicasByPartition
                let (isNew, newPartitions) = state.withLock { state -> (Bool, [Int32]) in
                    let isNew = state.metadata.topics[name] == nil
                    var topic = state.metadata.topics[name] ?? ClusterMetadata.TopicInfo(name: name, partitions: [:])
                    var added: [Int32] = []
                    for (id, replicaList) in replicas {
                        if topic.partitions[id] == nil { added.append(id) }
                        topic.partitions[id, default: ClusterMetadata.PartitionInfo(replicas: replicaList)].replicas = replicaList
                    }
                    topic.partitions = topic.partitions.filter { replicas[$0.key] != nil }
                    state.metadata.topics[name] = topic
                    return (isNew, added)
                }
                for id in newPartitions.sorted() { await refresh(.partitionState(name, id)) }
                // The config lives on the topic's entry, so it is read once the entry exists.
                if isNew { await refresh(.topicConfig(name)) }
            } catch ZooKeeperError.noNode {
                state.withLock { _ = $0.metadata.topics.removeValue(forKey: name) }
            }
        case .partitionState(let topic, let partition):
            let path = ZooKeeperPaths.partitionState(topic, partition)
            do {
                let (data, stat) = try await getData(path, node)
                let partitionState = try ZooKeeperRecords.decode(ZooKeeperRecords.PartitionState.self, from: data)
                state.withLock { state in
                    state.metadata.topics[topic]?.partitions[partition]?.state = partitionState
                    state.metadata.topics[topic]?.partitions[partition]?.stateVersion = stat.version
                }
            } catch ZooKeeperError.noNode {
                state.withLock { state in state.metadata.topics[topic]?.partitions[partition]?.state = nil }
                // Not created yet (the controller is about to): watch for its creation.
                if try await exists(path, node) != nil { try await read(node) }
            }
        case .topicConfig(let name):
            do {
                let (data, _) = try await getData(ZooKeeperPaths.topicConfig(name), node)
                let config = try ZooKeeperRecords.decode(ZooKeeperRecords.TopicConfig.self, from: data)
                state.withLock { $0.metadata.topics[name]?.config = config.config }
            } catch ZooKeeperError.noNode {
                // As for the controller: a config created meanwhile must be read, not only watched.
                if try await exists(ZooKeeperPaths.topicConfig(name), node) != nil { try await read(node) }
            }
        case .reassignments:
            let path = ZooKeeperPaths.reassignPartitions
            do {
                let (data, _) = try await getData(path, node)
                let request = try? ZooKeeperRecords.decode(ZooKeeperRecords.ReassignPartitions.self, from: data)
                if request == nil { logger.warning("ignoring an unreadable \(path)") }
                state.withLock { $0.metadata.reassignments = request?.targets ?? [:] }
            } catch ZooKeeperError.noNode {
                state.withLock { $0.metadata.reassignments = [:] }
                if try await exists(path, node) != nil { try await read(node) }
            }
        case .preferredElection:
            let path = ZooKeeperPaths.preferredReplicaElection
            do {
                let (data, _) = try await getData(path, node)
                // An unreadable request is an empty one: the controller deletes it like a finished one.
                let request = try? ZooKeeperRecords.decode(ZooKeeperRecords.PreferredReplicaElection.self, from: data)
                let keys = (request?.partitions ?? []).map {
                    ClusterMetadata.PartitionKey(topic: $0.topic, partition: $0.partition)
                }
                state.withLock { $0.metadata.preferredElections = keys }
            } catch ZooKeeperError.noNode {
                state.withLock { $0.metadata.preferredElections = nil }
                if try await exists(path, node) != nil { try await read(node) }
            }
        case .deletions:
            let pending = Set(try await children(ZooKeeperPaths.deleteTopics, node))
            state.withLock { state in
                for name in state.metadata.topics.keys {
                    state.metadata.topics[name]?.markedForDeletion = pending.contains(name)
                }
            }
        }
    }
}
