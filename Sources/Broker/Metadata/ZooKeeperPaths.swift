/// Kafka's classic ZooKeeper layout (relative to the cluster's chroot), kept so that tools that know Kafka's
/// layout, and people who do, find everything where they expect it.
enum ZooKeeperPaths {
    static let brokerIds = "/brokers/ids"
    static let topics = "/brokers/topics"
    static let controller = "/controller"
    static let controllerEpoch = "/controller_epoch"
    static let topicConfigs = "/config/topics"
    static let deleteTopics = "/admin/delete_topics"
    static let isrChangeNotification = "/isr_change_notification"
    static let reassignPartitions = "/admin/reassign_partitions"
    static let preferredReplicaElection = "/admin/preferred_replica_election"

    /// Persistent paths every broker makes sure of at start-up.
    static let persistentRoots = [brokerIds, topics, topicConfigs, deleteTopics, isrChangeNotification, "/brokers/seqid"]

    static func broker(_ id: Int32) -> String { "\(brokerIds)/\(id)" }
    static func topic(_ name: String) -> String { "\(topics)/\(name)" }
    static func partitions(_ topic: String) -> String { "\(topics)/\(topic)/partitions" }
    static func partition(_ topic: String, _ partition: Int32) -> String { "\(partitions(topic))/\(partition)" }
    static func partitionState(_ topic: String, _ partition: Int32) -> String { "\(self.partition(topic, partition))/state" }
    static func topicConfig(_ topic: String) -> String { "\(topicConfigs)/\(topic)" }
    static func deleteTopic(_ topic: String) -> String { "\(deleteTopics)/\(topic)" }
}
