import Foundation
import KafkaLog
import KafkaWire
import NIOCore
import Testing

@Suite struct LogManagerTests {
    @Test func createReopenAndDeleteLogsAcrossDirectories() throws {
        try withTemporaryDirectory { directory in
            let dirs = [directory + "/a", directory + "/b"]
            var manager = try LogManager(logDirectories: dirs, logger: testLogger)
            let first = try manager.createLog(topic: "my-topic", partition: 0)
            let second = try manager.createLog(topic: "my-topic", partition: 1)
            #expect(first.directory.hasPrefix(dirs[0]) != second.directory.hasPrefix(dirs[0]))
            _ = try first.append(makeBatch(count: 3), leaderEpoch: 0, nowMs: 0)
            #expect(try manager.createLog(topic: "my-topic", partition: 0) === first)
            try manager.close()

            manager = try LogManager(logDirectories: dirs, logger: testLogger)
            #expect(
                Set(manager.partitions) == [
                    TopicPartition(topic: "my-topic", partition: 0),
                    TopicPartition(topic: "my-topic", partition: 1),
                ]
            )
            #expect(manager.log(for: "my-topic", partition: 0)?.logEndOffset == 3)
            try manager.deleteLog(topic: "my-topic", partition: 0)
            #expect(manager.log(for: "my-topic", partition: 0) == nil)
            #expect(!FileManager.default.fileExists(atPath: first.directory))
            #expect(manager.enforceRetention(nowMs: 0) == 0)
            manager.checkpoint()
            try manager.close()
        }
    }

    @Test func directoryNamesParse() {
        #expect(TopicPartition(directoryName: "a-b-12") == TopicPartition(topic: "a-b", partition: 12))
        #expect(TopicPartition(directoryName: "nodash") == nil)
        #expect(TopicPartition(directoryName: "-3") == nil)
        #expect(TopicPartition(directoryName: "t-x") == nil)
    }
}
