import ArgumentParser
import KafkaClient

/// `kafkalab topics`, shaped like kafka-topics.sh.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create, describe, alter, delete and list topics (like kafka-topics.sh).",
        discussion: """
            Examples:
              kafkalab topics --bootstrap-server 127.0.0.1:9092 --create --topic T --partitions 3 --replication-factor 2
              kafkalab topics --bootstrap-server 127.0.0.1:9092 --describe --topic T
            """)

    @Flag(help: "Create a topic.") var create = false
    @Flag(help: "Describe topics (all when --topic is absent).") var describe = false
    @Flag(help: "Add partitions (--partitions) or set configs (--config).") var alter = false
    @Flag(help: "Delete a topic.") var delete = false
    @Flag(help: "List topic names.") var list = false

    @Option(help: "Broker list, host:port[,host:port].") var bootstrapServer: String?
    @Option(help: "The topic.") var topic: String?
    @Option(help: "Partitions (create: count; alter: new total).") var partitions: Int?
    @Option(help: "Replication factor (create).") var replicationFactor: Int?
    @Option(help: ArgumentHelp("Topic config (repeatable).", valueName: "key=value")) var config: [String] = []
    @OptionGroup var client: ClientOptions

    func validate() throws {
        let actions = [create, describe, alter, delete, list].filter { $0 }.count
        guard actions == 1 else {
            throw ValidationError("give exactly one of --create, --describe, --alter, --delete, --list")
        }
        if (create || alter || delete) && topic == nil { throw ValidationError("--topic is required") }
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be at least 1") }
        if let replicationFactor, replicationFactor < 1 {
            throw ValidationError("--replication-factor must be at least 1")
        }
    }

    func run() async throws {
        let admin = try KafkaAdmin(config: try client.config(bootstrap: bootstrapServer))
        let configs = try parseAssignments(config, flag: "--config")
        do {
            if create {
                try await admin.createTopics([
                    NewTopic(
                        name: topic ?? "", partitions: Int32(partitions ?? -1),
                        replicationFactor: Int32(replicationFactor ?? -1), configs: configs)
                ])
                print("Created topic \(topic ?? "").")
            } else if list {
                for name in try await admin.listTopics() { print(name) }
            } else if delete {
                try await admin.deleteTopics([topic ?? ""])
            } else if alter {
                try await alterTopic(admin, configs: configs)
            } else {
                try await describeTopics(admin)
            }
        } catch let error as KafkaError {
            printError("Error: \(error)")
            throw ExitCode(1)
        }
    }

    private func alterTopic(_ admin: KafkaAdmin, configs: [String: String]) async throws {
        guard partitions != nil || !configs.isEmpty else {
            throw ValidationError("--alter needs --partitions or --config")
        }
        if let partitions { try await admin.createPartitions(topic: topic ?? "", totalPartitions: partitions) }
        if !configs.isEmpty { try await admin.alterTopicConfigs(topic: topic ?? "", configs: configs) }
    }

    private func describeTopics(_ admin: KafkaAdmin) async throws {
        let metadata = try await admin.describeCluster(topics: topic.map { [$0] })
        for described in metadata.topics.sorted(by: { $0.name < $1.name })
        where !described.name.hasPrefix("__") || topic != nil {
            if let error = described.error {
                printError("Error while describing topic \(described.name): \(error)")
                throw ExitCode(1)
            }
            let configs = (try? await admin.describeTopicConfigs(topic: described.name)) ?? []
            print(TopicDescriptionFormat.lines(for: described, configs: configs).joined(separator: "\n"))
        }
    }
}

/// kafka-topics.sh's --describe layout: a summary line, then one tab-indented line per partition.
enum TopicDescriptionFormat {
    /// librdkafka 2.0 does not expose topic ids; Kafka prints the all-zero id the same way when it has none.
    static let unknownTopicId = "AAAAAAAAAAAAAAAAAAAAAA"

    static func lines(for topic: TopicMetadata, configs: [ConfigEntry]) -> [String] {
        let shown = configs.filter { !$0.isDefault && !$0.isSensitive }.map { "\($0.name)=\($0.value ?? "")" }
        var lines = [
            "Topic: \(topic.name)\tTopicId: \(unknownTopicId)\tPartitionCount: \(topic.partitions.count)\t"
                + "ReplicationFactor: \(topic.replicationFactor)\tConfigs: \(shown.joined(separator: ","))"
        ]
        for partition in topic.partitions {
            lines.append(
                "\tTopic: \(topic.name)\tPartition: \(partition.id)\tLeader: \(leader(partition))"
                    + "\tReplicas: \(partition.replicas.map(String.init).joined(separator: ","))"
                    + "\tIsr: \(partition.isr.map(String.init).joined(separator: ","))")
        }
        return lines
    }

    private static func leader(_ partition: PartitionMetadata) -> String {
        partition.leader == -1 ? "none" : "\(partition.leader)"
    }
}
