import KafkaClient
import Mirror
import Testing

@Suite struct SettingsAndPropertiesTests {
    @Test func propertiesSplitBySidePrefix() throws {
        let split = try MirrorClientProperties.parse([
            "source.fetch.max.bytes=100", "destination.compression.type=lz4", "client.rack=r1",
            "destination.client.rack=r2", "source.sasl.password=a=b",
        ])
        #expect(split.source == ["fetch.max.bytes": "100", "client.rack": "r1", "sasl.password": "a=b"])
        #expect(split.destination == ["compression.type": "lz4", "client.rack": "r2"])
    }

    @Test func malformedPropertiesAreRejected() {
        for bad in ["novalue", "=x", "source.=1", "destination.=2", ""] {
            #expect(throws: MirrorError.self) { try MirrorClientProperties.parse([bad]) }
        }
    }

    @Test func guaranteesCannotBeOverridden() throws {
        let settings = MirrorSettings(
            source: KafkaConfig(bootstrapServers: "s:9092", ["enable.auto.commit": "true", "group.id": "x"]),
            destination: KafkaConfig(bootstrapServers: "d:9092", ["acks": "1", "enable.idempotence": "false"]),
            filter: try TopicFilter(include: ".*"), group: "g")
        try settings.validate()
        #expect(settings.sourceConsumerConfig["enable.auto.commit"] == "false")
        #expect(settings.sourceConsumerConfig["group.id"] == "g")
        #expect(settings.destinationProducerConfig["acks"] == "all")
        #expect(settings.destinationProducerConfig["enable.idempotence"] == "true")
        #expect(settings.destinationProducerConfig["message.timeout.ms"] == "0")
        #expect(settings.destinationProducerConfig["linger.ms"] == "1")
    }

    /// Nagle's algorithm is off on both sides by default (pipelined requests), and stays the user's to turn on.
    @Test func nagleIsOffByDefaultAndOverridable() throws {
        let filter = try TopicFilter(include: ".*")
        let defaults = MirrorSettings(
            source: KafkaConfig(bootstrapServers: "s:9092"), destination: KafkaConfig(bootstrapServers: "d:9092"),
            filter: filter)
        #expect(defaults.sourceConsumerConfig["socket.nagle.disable"] == "true")
        #expect(defaults.destinationProducerConfig["socket.nagle.disable"] == "true")
        let tuned = MirrorSettings(
            source: KafkaConfig(bootstrapServers: "s:9092", ["socket.nagle.disable": "false"]),
            destination: KafkaConfig(bootstrapServers: "d:9092"), filter: filter)
        #expect(tuned.sourceConsumerConfig["socket.nagle.disable"] == "false")
        #expect(tuned.destinationProducerConfig["socket.nagle.disable"] == "true")
    }

    /// A killed mirror holds its partitions until its session expires: the default must be short enough for a
    /// restarted or surviving member to take over within seconds, and still be the user's to change.
    @Test func sessionTimeoutIsShortByDefaultAndOverridable() throws {
        let filter = try TopicFilter(include: ".*")
        let defaults = MirrorSettings(
            source: KafkaConfig(bootstrapServers: "s:9092"), destination: KafkaConfig(bootstrapServers: "d:9092"),
            filter: filter)
        #expect(defaults.sourceConsumerConfig["session.timeout.ms"] == "10000")
        #expect(defaults.sourceConsumerConfig["heartbeat.interval.ms"] == "1000")
        let tuned = MirrorSettings(
            source: KafkaConfig(bootstrapServers: "s:9092", ["session.timeout.ms": "30000"]),
            destination: KafkaConfig(bootstrapServers: "d:9092"), filter: filter)
        #expect(tuned.sourceConsumerConfig["session.timeout.ms"] == "30000")
    }

    @Test func invalidSettingsAreClearErrors() throws {
        let filter = try TopicFilter(include: ".*")
        let same = MirrorSettings(
            source: KafkaConfig(bootstrapServers: "a:1"), destination: KafkaConfig(bootstrapServers: "a:1"),
            filter: filter)
        #expect(throws: MirrorError.self) { try same.validate() }
        var withPrefix = same
        withPrefix.renamePrefix = "copy."
        try withPrefix.validate()
        withPrefix.renamePrefix = "bad prefix/"
        #expect(throws: MirrorError.self) { try withPrefix.validate() }
        var noWorkers = withPrefix
        noWorkers.renamePrefix = "ok."
        noWorkers.workers = 0
        #expect(throws: MirrorError.self) { try noWorkers.validate() }
        let missing = MirrorSettings(
            source: KafkaConfig(), destination: KafkaConfig(bootstrapServers: "b:1"), filter: filter)
        #expect(throws: MirrorError.self) { try missing.validate() }
    }

    @Test func onlyExplicitWritableSafeConfigsAreCopied() {
        let copied = TopicConfigCopy.copyable([
            ConfigEntry("retention.ms", value: "1000", isDefault: false),
            ConfigEntry("cleanup.policy", value: "delete", isDefault: true),
            ConfigEntry("segment.bytes", value: "1", isDefault: false, isReadOnly: true),
            ConfigEntry("secret", value: "x", isDefault: false, isSensitive: true),
            ConfigEntry("message.timestamp.type", value: "LogAppendTime", isDefault: false),
            ConfigEntry("leader.replication.throttled.replicas", value: "0:1", isDefault: false),
            ConfigEntry("compression.type", value: nil, isDefault: false),
        ])
        #expect(copied == ["retention.ms": "1000"])
    }
}
