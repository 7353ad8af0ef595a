import Foundation
import KafkaLog
import KafkaWire
import Logging
import Testing

@testable import Broker

/// The applied snapshot, which Metadata and FindCoordinator answer from, trails `onChange`: a broker never tells a
/// client it leads or coordinates something before its replica manager and group coordinator have taken it on.
struct AppliedMetadataTests {
    /// One-shot signal between the test and a suspended `onChange` (its stream may be awaited once only).
    struct Gate: Sendable {
        let stream: AsyncStream<Void>
        let continuation: AsyncStream<Void>.Continuation
        init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self) }
        func open() { continuation.yield() }
        func wait() async { for await _ in stream { return } }
    }

    static func metadata(leader: Int32, topic: String = "t") -> ClusterMetadata {
        var metadata = ClusterMetadata()
        metadata.brokers[1] = .init(id: 1, host: "127.0.0.1", port: 1001, rack: nil)
        metadata.brokers[2] = .init(id: 2, host: "127.0.0.1", port: 1002, rack: nil)
        metadata.topics[topic] = .init(
            name: topic,
            partitions: [
                0: .init(replicas: [1, 2], state: .init(controllerEpoch: 1, leader: leader, leaderEpoch: 0, isr: [1, 2]))
            ])
        return metadata
    }

    @Test func snapshotIsPublishedOnlyAfterOnChangeReturned() async {
        let first = Self.metadata(leader: 1)
        let second = Self.metadata(leader: 2)
        // A pair of gates per snapshot, told apart by its leader: each stream is iterated once.
        let entered = [Int32(1): Gate(), 2: Gate()]
        let release = [Int32(1): Gate(), 2: Gate()]
        let applied = AppliedMetadata { metadata in
            let leader = metadata.partition("t", 0)?.leader ?? -1
            entered[leader]?.open()
            await release[leader]?.wait()
        }

        let firstApply = Task { await applied.apply(first) }
        await entered[1]?.wait()
        #expect(applied.snapshot == ClusterMetadata(), "nothing is applied while the first onChange runs")
        release[1]?.open()
        await firstApply.value
        #expect(applied.snapshot == first)

        let secondApply = Task { await applied.apply(second) }
        await entered[2]?.wait()
        #expect(applied.snapshot == first, "the previous snapshot stays published while the next onChange runs")
        release[2]?.open()
        await secondApply.value
        #expect(applied.snapshot == second)
    }

    /// FindCoordinator's choice, checked at the moment the raw view already names this broker leader of the group's
    /// offsets partition but the replica manager and group coordinator have not acted on it yet.
    @Test func findCoordinatorNamesThisBrokerOnlyOnceTheOffsetsPartitionIsLoaded() async throws {
        let directory = NSTemporaryDirectory() + "applied-metadata-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = Logger(label: "applied-metadata-test")
        let logs = try LogManager(logDirectories: [directory], logger: logger)
        defer { try? logs.close() }
        var config = BrokerConfig()
        config.brokerId = 1
        let replicaManager = ReplicaManager(brokerId: 1, brokerConfig: config, logManager: logs, logger: logger)
        let groups = GroupsService(config: config, replicaManager: replicaManager, logger: logger)
        let entered = Gate()
        let release = Gate()
        let applied = AppliedMetadata { metadata in
            entered.open()
            await release.wait()
            replicaManager.reconcile(metadata)
            await groups.reconcile(metadata)
        }
        let latest = Self.metadata(leader: 1, topic: GroupsService.offsetsTopic)
        let group = "g"

        let applying = Task { await applied.apply(latest) }
        await entered.wait()
        // The raw view would send the client here, where the group is not served yet.
        #expect(RequestHandlers.coordinator(forGroup: group, applied: latest, live: latest.brokers)?.id == 1)
        #expect(groups.coordinatorError(for: group) != .none)
        // The applied snapshot names no coordinator yet, so the client asks again.
        #expect(RequestHandlers.coordinator(forGroup: group, applied: applied.snapshot, live: latest.brokers) == nil)

        release.open()
        await applying.value
        #expect(RequestHandlers.coordinator(forGroup: group, applied: applied.snapshot, live: latest.brokers)?.id == 1)
        #expect(groups.coordinatorError(for: group) == .none)
    }
}
