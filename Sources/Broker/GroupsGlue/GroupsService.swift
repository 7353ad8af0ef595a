import KafkaLog
import KafkaWire
import Atomics
import Logging
import NIOCore
import Synchronization

/// Connects the group coordinator to the rest of the broker: this broker coordinates the groups whose
/// `__consumer_offsets` partition it leads, and committed offsets are records appended to that partition, so they
/// survive restarts and (with replication) broker loss, as in Kafka.
final class GroupsService: Sendable {
    static let offsetsTopic = "__consumer_offsets"

    let coordinator: GroupCoordinator
    private let config: BrokerConfig
    private let replicaManager: ReplicaManager
    private let logger: Logger
    /// Offsets partitions this broker leads and has replayed into the coordinator.
    private let loadedPartitions = Mutex<Set<Int32>>([])
    private let partitionCount = ManagedAtomic<Int32>(0)

    init(config: BrokerConfig, replicaManager: ReplicaManager, logger: Logger) {
        self.config = config
        self.replicaManager = replicaManager
        self.logger = logger
        let coordinatorConfig = GroupCoordinatorConfig(
            minSessionTimeoutMs: Int32(clamping: config.groupMinSessionTimeoutMs),
            maxSessionTimeoutMs: Int32(clamping: config.groupMaxSessionTimeoutMs),
            initialRebalanceDelayMs: Int64(config.groupInitialRebalanceDelayMs))
        let partitionCount = self.partitionCount
        coordinator = GroupCoordinator(config: coordinatorConfig, logger: logger) { records in
            try Self.persist(records, partitionCount: partitionCount.load(ordering: .acquiring), replicaManager: replicaManager)
        }
    }

    func partition(forGroup groupId: String) -> Int32? {
        let count = partitionCount.load(ordering: .acquiring)
        guard count > 0 else { return nil }
        return GroupCoordinator.partition(forGroup: groupId, partitionCount: count)
    }

    /// NONE when this broker serves `groupId`; otherwise the error a client expects so it looks the coordinator up again.
    func coordinatorError(for groupId: String) -> ErrorCode {
        guard let partition = partition(forGroup: groupId) else { return .coordinatorNotAvailable }
        guard replicaManager.partition(Self.offsetsTopic, partition)?.isLeader == true else { return .notCoordinator }
        return loadedPartitions.withLock { $0.contains(partition) } ? .none : .coordinatorLoadInProgress
    }

    /// Replays offsets partitions this broker has just come to lead.
    func reconcile(_ metadata: ClusterMetadata) async {
        guard let topic = metadata.topics[Self.offsetsTopic] else { return }
        partitionCount.store(topic.partitionCount, ordering: .releasing)
        for (index, info) in topic.partitions where info.leader == replicaManager.brokerIdentity {
            guard !loadedPartitions.withLock({ $0.contains(index) }),
                let partition = replicaManager.partition(Self.offsetsTopic, index), partition.isLeader
            else { continue }
            let records = readAll(partition.log)
            let malformed = await coordinator.load(encodedRecords: records)
            if malformed > 0 {
                logger.warning("skipped malformed offset records", metadata: ["partition": "\(index)", "count": "\(malformed)"])
            }
            loadedPartitions.withLock { _ = $0.insert(index) }
        }
        let led = Set(topic.partitions.filter { $0.value.leader == replicaManager.brokerIdentity }.keys)
        let lost = loadedPartitions.withLock { loaded -> Set<Int32> in
            let lost = loaded.subtracting(led)
            loaded.formIntersection(led)
            return lost
        }
        // Groups of partitions led elsewhere now are dropped; their waiting members are told NOT_COORDINATOR.
        for index in lost { await coordinator.unload(partition: index, partitionCount: topic.partitionCount) }
    }

    private func readAll(_ log: PartitionLog) -> [(key: [UInt8], value: [UInt8]?)] {
        var records: [(key: [UInt8], value: [UInt8]?)] = []
        var offset = log.logStartOffset
        let end = log.highWatermark
        while offset < end {
            guard let batches = try? log.read(from: offset, maxBytes: 1 << 20, upTo: end), batches.readableBytes > 0,
                let decoded = try? RecordBatchDecoder.decodeRecords(in: batches), let last = decoded.last
            else { break }
            for record in decoded where record.offset >= offset {
                guard let key = record.key else { continue }
                records.append((Array(buffer: key), record.value.map { Array(buffer: $0) }))
            }
            offset = last.offset + 1
        }
        return records
    }

    private static func persist(_ records: [OffsetRecord], partitionCount: Int32, replicaManager: ReplicaManager) throws {
        guard partitionCount > 0 else { throw GroupPersistFailure(errorCode: ErrorCode.coordinatorNotAvailable.rawValue) }
        let byPartition = Dictionary(grouping: records) {
            GroupCoordinator.partition(forGroup: $0.groupId, partitionCount: partitionCount)
        }
        for (index, group) in byPartition {
            guard let partition = replicaManager.partition(offsetsTopic, index), partition.isLeader else {
                throw GroupPersistFailure(errorCode: ErrorCode.notCoordinator.rawValue)
            }
            var builder = RecordBatchBuilder()
            let now = Broker.nowMs()
            for record in group {
                let value = record.value.map { ByteBuffer(bytes: OffsetRecordCodec.encodeValue($0)) }
                builder.append(key: ByteBuffer(bytes: OffsetRecordCodec.encodeKey(record)), value: value, timestamp: now)
            }
            guard let batch = builder.build() else { continue }
            do {
                _ = try partition.appendAsLeader(batch, requiredAcks: -1, nowMs: now)
            } catch let error as PartitionError {
                // Not leader any more (or too few replicas): clients look the coordinator up again and retry.
                let code: ErrorCode = error.code == .notLeaderOrFollower ? .notCoordinator : .coordinatorNotAvailable
                throw GroupPersistFailure(errorCode: code.rawValue)
            }
        }
    }
}
