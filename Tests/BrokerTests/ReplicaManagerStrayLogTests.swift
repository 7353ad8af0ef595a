import Foundation
import KafkaLog
import Logging
import Testing

@testable import Broker

/// Logs left on disk for replicas that were moved away while the broker was down.
struct ReplicaManagerStrayLogTests {
    @Test func logsOfReplicasAssignedElsewhereAreDeletedOthersKept() throws {
        let directory = NSTemporaryDirectory() + "stray-log-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logs = try LogManager(logDirectories: [directory], logger: Logger(label: "stray-log-test"))
        defer { try? logs.close() }
        for (topic, partition) in [("moved", Int32(0)), ("moved", 1), ("unknown", 0)] {
            _ = try logs.createLog(topic: topic, partition: partition)
        }
        let manager = ReplicaManager(
            brokerId: 0, brokerConfig: BrokerConfig(), logManager: logs, logger: Logger(label: "stray-log-test"))

        // moved-0 now lives on brokers 1 and 2; moved-1 still on 0. "unknown" is not in this (possibly partial) read.
        var metadata = ClusterMetadata()
        metadata.topics["moved"] = .init(
            name: "moved",
            partitions: [
                0: .init(replicas: [1, 2]),
                1: .init(replicas: [0, 1], state: .init(controllerEpoch: 1, leader: 0, leaderEpoch: 0, isr: [0, 1])),
            ])
        manager.reconcile(metadata)

        let left = Set(logs.partitions.map { "\($0.topic)-\($0.partition)" })
        #expect(left == ["moved-1", "unknown-0"])
        #expect(!FileManager.default.fileExists(atPath: directory + "/moved-0"))
        #expect(manager.partition("moved", 1) != nil)
    }
}
