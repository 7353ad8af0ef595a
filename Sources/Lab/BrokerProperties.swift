/// The `server.properties` the lab writes for a broker: the classic Kafka keys, so the same file would start
/// an Apache Kafka broker too.
enum BrokerProperties {
    static func text(for broker: BrokerRecord, cluster: ClusterState) -> String {
        let replication = min(3, cluster.brokers.count)
        var properties: [(String, String)] = [
            ("broker.id", "\(broker.id)"),
            ("listeners", "PLAINTEXT://127.0.0.1:\(broker.port)"),
            ("advertised.listeners", "PLAINTEXT://127.0.0.1:\(broker.port)"),
            ("log.dirs", broker.dataDirectory),
            ("zookeeper.connect", cluster.zookeeperConnect),
            ("zookeeper.session.timeout.ms", "\(cluster.sessionTimeoutMs)"),
            ("num.partitions", "1"),
            ("default.replication.factor", "\(replication)"),
            ("offsets.topic.replication.factor", "\(replication)"),
            ("auto.create.topics.enable", "true"),
        ]
        for (key, value) in cluster.extraProperties.sorted(by: { $0.key < $1.key }) {
            if let index = properties.firstIndex(where: { $0.0 == key }) {
                properties[index].1 = value
            } else {
                properties.append((key, value))
            }
        }
        let header = "# Written by kafkalab for broker \(broker.id) of lab cluster '\(cluster.name)'.\n"
        return header + properties.map { "\($0.0)=\($0.1)\n" }.joined()
    }
}
