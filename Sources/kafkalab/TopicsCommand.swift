import ArgumentParser
import KafkaClient

/// `kafkalab topics`, shaped like kafka-topics.sh.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create, describe, alter, delete and list topics; reassign partitions and elect leaders.",
        discussion: """
            Examples:
              kafkalab topics --bootstrap-server 127.0.0.1:9092 --create --topic T --partitions 3 --replication-factor 2
              kafkalab topics --bootstrap-server 127.0.0.1:9092 --describe --topic T

            Reassignment and leader election go through ZooKeeper, as Kafka's ZooKeeper-era tools do: give \
            --zookeeper with the cluster's chroot (shown by 'kafkalab cluster status'). The controller copies the \
            data to the new replicas, moves leadership into them, then drops the old ones; acks=all keeps working.
              Z=127.0.0.1:2181/kafkalab/lab
              kafkalab topics --zookeeper $Z --reassign --topic T --partition 0 --replicas 2,3 --wait
              kafkalab topics --zookeeper $Z --reassign --reassignment-json-file moves.json
                  # moves.json: {"version":1,"partitions":[{"topic":"T","partition":0,"replicas":[2,3]}]}
              kafkalab topics --zookeeper $Z --verify                  # moves still in progress
              kafkalab topics --zookeeper $Z --elect-leaders --topic T # leaders back to the preferred replicas
              kafkalab topics --zookeeper $Z --elect-leaders --all-topic-partitions
            """)

    @Flag(help: "Create a topic.") var create = false
    @Flag(help: "Describe topics (all when --topic is absent).") var describe = false
    @Flag(help: "Add partitions (--partitions) or set configs (--config).") var alter = false
    @Flag(help: "Delete a topic.") var delete = false
    @Flag(help: "List topic names.") var list = false
    @Flag(help: "Move a partition's replicas (--topic, --partition, --replicas, or --reassignment-json-file).")
    var reassign = false
    @Flag(help: "List the reassignments still in progress.") var verify = false
    @Flag(
        help: "Move leadership back to the preferred (first) replica: --topic [--partition], or --all-topic-partitions.")
    var electLeaders = false

    @Option(help: "Broker list, host:port[,host:port].") var bootstrapServer: String?
    @Option(help: "The topic.") var topic: String?
    @Option(help: "Partitions (create: count; alter: new total).") var partitions: Int?
    @Option(help: "Replication factor (create).") var replicationFactor: Int?
    @Option(help: ArgumentHelp("Topic config (repeatable).", valueName: "key=value")) var config: [String] = []
    @Option(help: "ZooKeeper connect string with chroot, for --reassign, --verify and --elect-leaders.")
    var zookeeper: String?
    @Option(help: "The partition (--reassign, --elect-leaders).") var partition: Int32?
    @Option(help: ArgumentHelp("Target replicas, preferred leader first (--reassign).", valueName: "id,id,..."))
    var replicas: String?
    @Option(help: "A kafka-reassign-partitions JSON file (--reassign).") var reassignmentJsonFile: String?
    @Flag(help: "Every partition of every topic (--elect-leaders).") var allTopicPartitions = false
    @Flag(help: "Wait until the reassignment is done (--reassign).") var wait = false
    @Option(help: "Seconds to wait (--reassign --wait, --elect-leaders).") var timeout: Int = 120
    @OptionGroup var client: ClientOptions

    func validate() throws {
        let actions = [create, describe, alter, delete, list, reassign, verify, electLeaders].filter { $0 }.count
        guard actions == 1 else {
            throw ValidationError(
                "give exactly one of --create, --describe, --alter, --delete, --list, --reassign, --verify, "
                    + "--elect-leaders")
        }
        if reassign || verify || electLeaders {
            try validatePartitionAdmin()
            return
        }
        if (create || alter || delete) && topic == nil { throw ValidationError("--topic is required") }
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be at least 1") }
        if let replicationFactor, replicationFactor < 1 {
            throw ValidationError("--replication-factor must be at least 1")
        }
    }

    func run() async throws {
        if reassign || verify || electLeaders {
            try await runPartitionAdmin()
            return
        }
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
