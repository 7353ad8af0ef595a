import Testing

@testable import Broker

@Suite struct BrokerConfigTests {
    private func load(_ text: String) throws -> BrokerConfig.Loaded {
        try BrokerConfig.load(JavaProperties.parse(text).map { ($0.key, $0.value) })
    }

    @Test func readsClassicServerProperties() throws {
        let loaded = try load(
            """
            # A classic lab's server.properties
            broker.id=2
            listeners=PLAINTEXT://127.0.0.1:9093
            advertised.listeners = PLAINTEXT://localhost:9093
            log.dirs=/tmp/k1,/tmp/k2
            zookeeper.connect=127.0.0.1:2181/lab
            num.partitions=6
            default.replication.factor=2
            auto.create.topics.enable=false
            log.segment.bytes=1048576
            log.retention.hours=1
            log.retention.bytes=-1
            message.max.bytes=2000000
            num.network.threads=3
            """)
        let config = loaded.config
        #expect(config.brokerId == 2)
        #expect(config.listeners == [.init(host: "127.0.0.1", port: 9093)])
        #expect(config.advertisedListener == .init(host: "localhost", port: 9093))
        #expect(config.logDirs == ["/tmp/k1", "/tmp/k2"])
        #expect(config.zookeeperConnect == "127.0.0.1:2181/lab")
        #expect(config.numPartitions == 6)
        #expect(config.defaultReplicationFactor == 2)
        #expect(config.autoCreateTopicsEnable == false)
        #expect(config.logSegmentBytes == 1_048_576)
        #expect(config.logRetentionMs == 3_600_000)
        #expect(config.messageMaxBytes == 2_000_000)
        #expect(loaded.unknownKeys.isEmpty)
        #expect(loaded.ignoredKeys == ["num.network.threads"])
    }

    @Test func replicationAndConnectionSettings() throws {
        let defaults = try load("broker.id=0\nzookeeper.connect=z:1\n").config
        #expect(defaults.replicaFetchMaxBytes == 1_048_576)
        #expect(defaults.replicaFetchResponseMaxBytes == 10_485_760)
        #expect(defaults.connectionMaxInflightRequests == 1)
        let set = try load(
            "broker.id=0\nzookeeper.connect=z:1\nreplica.fetch.response.max.bytes=2048\nconnection.max.inflight.requests=5\n"
        ).config
        #expect(set.replicaFetchResponseMaxBytes == 2048)
        #expect(set.connectionMaxInflightRequests == 5)
        #expect(throws: ConfigError.self) { try load("broker.id=0\nzookeeper.connect=z:1\nconnection.max.inflight.requests=0\n") }
    }

    @Test func segmentAllocationAheadIsOnByDefaultAndCanBeTurnedOff() throws {
        let defaults = try load("broker.id=0\nzookeeper.connect=z:1\n").config
        #expect(defaults.logSegmentAllocateAheadBytes == 16 << 20)
        #expect(TopicConfig(broker: defaults, overrides: [:]).log.segmentAllocateAheadBytes == 16 << 20)
        let off = try load("broker.id=0\nzookeeper.connect=z:1\nlog.segment.allocate.ahead.bytes=0\n").config
        #expect(TopicConfig(broker: off, overrides: [:]).log.segmentAllocateAheadBytes == 0)
        #expect(throws: ConfigError.self) { try load("broker.id=0\nzookeeper.connect=z:1\nlog.segment.allocate.ahead.bytes=-1\n") }
    }

    @Test func finerRetentionUnitWinsWhateverTheOrder() throws {
        let config = try load("broker.id=0\nzookeeper.connect=z:1\nlog.retention.ms=5000\nlog.retention.hours=2\n").config
        #expect(config.logRetentionMs == 5000)
    }

    @Test func laterEntriesOverrideEarlierOnes() throws {
        let config = try BrokerConfig.load([
            ("broker.id", "1"), ("zookeeper.connect", "z:1"), ("num.partitions", "3"), ("num.partitions", "9"),
        ]).config
        #expect(config.numPartitions == 9)
    }

    @Test func unknownKeysAreReportedNotFatal() throws {
        let loaded = try load("broker.id=0\nzookeeper.connect=z:1\nfoo.bar=1\n")
        #expect(loaded.unknownKeys == ["foo.bar"])
    }

    @Test(arguments: [
        ("broker.id=x\nzookeeper.connect=z:1", "broker.id"),
        ("broker.id=1\nzookeeper.connect=z:1\nnum.partitions=0", "num.partitions"),
        ("broker.id=1\nzookeeper.connect=z:1\nlisteners=127.0.0.1:9092", "listeners"),
        ("broker.id=1\nzookeeper.connect=z:1\nlisteners=PLAINTEXT://h:99999", "listeners"),
        ("broker.id=1\nzookeeper.connect=z:1\nauto.create.topics.enable=yes", "auto.create.topics.enable"),
        ("broker.id=1\nzookeeper.connect=z:1\nlog.message.timestamp.type=Now", "log.message.timestamp.type"),
        ("broker.id=1", "zookeeper.connect"),
        ("zookeeper.connect=z:1", "broker.id"),
        ("broker.id=1\nzookeeper.connect=z:1\nlog.retention.ms=soon", "log.retention.ms"),
    ])
    func invalidValuesNameTheKey(text: String, key: String) {
        #expect {
            try load(text)
        } throws: { error in
            (error as? ConfigError)?.key == key
        }
    }

    @Test func propertiesSyntax() {
        let entries = JavaProperties.parse("a=1\n! comment\n  b : two words  \nc three\nd=x\\\n   y\ne=\n")
        #expect(entries.map(\.key) == ["a", "b", "c", "d", "e"])
        #expect(entries.map(\.value) == ["1", "two words", "three", "xy", ""])
        #expect(entries[1].line == 3)
    }
}
