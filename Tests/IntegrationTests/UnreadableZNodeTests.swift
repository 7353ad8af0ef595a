import Foundation
import KafkaWire
import Testing
import ZooKeeper

/// A znode whose content is not what Kafka writes must not keep a broker from serving: since a new session's first
/// metadata view is applied only once complete, a node that can never be decoded would otherwise hold it for ever.
extension IntegrationSuite {
    @Suite struct UnreadableZNodeTests {
        @Test(.timeLimit(.minutes(2)))
        func aBrokerRestartedBesideAMalformedTopicZNodeStillServesItsTopics() async throws {
            try await withCluster("unreadable") { cluster in
                let before = try await cluster.port()
                try await WireAdmin.createTopicAndWait(port: before, name: "readable", partitions: 2)
                let zooKeeper = try await cluster.cluster.zookeeperClient()
                _ = try await zooKeeper.create("/brokers/topics/not-json", data: Array("{oops".utf8))
                await zooKeeper.close()

                try await cluster.cluster.kill(broker: 0, signal: .kill)
                let exited = await eventually(timeout: .seconds(10)) {
                    let alive = await cluster.isAlive()
                    return !alive
                }
                #expect(exited, "broker 0 did not exit after kill -9")
                try await cluster.cluster.start(broker: 0)
                let port = try await cluster.port()
                // Its own topic is served again only once the restarted broker applied its first metadata view.
                try await WireAdmin.waitForLeaders(port: port, topic: "readable", partitions: 2, timeout: .seconds(20))
                let log = await cluster.brokerLogTail()
                #expect(log.contains("unreadable znode ignored until it changes"), "\(log)")
            }
        }
    }
}
