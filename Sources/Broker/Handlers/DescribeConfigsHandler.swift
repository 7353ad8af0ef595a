import KafkaWire

extension RequestHandlers {
    static let topicResource: Int8 = 2
    static let brokerResource: Int8 = 4

    func describeConfigs(_ request: DescribeConfigsRequest, _ context: RequestContext) -> DescribeConfigsResponse {
        let snapshot = broker.watcher.latest
        return DescribeConfigsResponse(results: request.resources.map { resource in
            var result = DescribeConfigsResponse.DescribeConfigsResult(resourceType: resource.resourceType, resourceName: resource.resourceName)
            var entries: [(String, String, Bool)] = []
            switch resource.resourceType {
            case Self.topicResource:
                guard let topic = snapshot.topics[resource.resourceName] else {
                    result.errorCode = .unknownTopicOrPartition
                    result.errorMessage = "topic '\(resource.resourceName)' does not exist"
                    return result
                }
                let effective = TopicConfig(broker: broker.config, overrides: topic.config)
                let values: [String: String] = [
                    "retention.ms": String(effective.log.retentionMs),
                    "retention.bytes": String(effective.log.retentionBytes),
                    "segment.bytes": String(effective.log.segmentBytes),
                    "max.message.bytes": String(effective.log.maxMessageBytes),
                    "message.timestamp.type": effective.log.messageTimestampType == .logAppendTime ? "LogAppendTime" : "CreateTime",
                    "min.insync.replicas": String(effective.minInsyncReplicas),
                    "unclean.leader.election.enable": String(effective.uncleanLeaderElection),
                    "cleanup.policy": topic.config["cleanup.policy"] ?? "delete",
                    "compression.type": topic.config["compression.type"] ?? "producer",
                ]
                entries = values.keys.sorted().map { ($0, values[$0] ?? "", topic.config[$0] == nil) }
            case Self.brokerResource:
                let config = broker.config
                entries = [
                    ("broker.id", String(config.brokerId), false),
                    ("log.dirs", config.logDirs.joined(separator: ","), false),
                    ("num.partitions", String(config.numPartitions), false),
                    ("default.replication.factor", String(config.defaultReplicationFactor), false),
                    ("min.insync.replicas", String(config.minInsyncReplicas), false),
                    ("message.max.bytes", String(config.messageMaxBytes), false),
                    ("zookeeper.connect", config.zookeeperConnect, false),
                    ("auto.create.topics.enable", String(config.autoCreateTopicsEnable), false),
                    ("log.retention.ms", String(config.logRetentionMs), false),
                    ("log.retention.bytes", String(config.logRetentionBytes), false),
                    ("log.segment.bytes", String(config.logSegmentBytes), false),
                    ("offsets.topic.num.partitions", String(config.offsetsTopicNumPartitions), false),
                    ("group.initial.rebalance.delay.ms", String(config.groupInitialRebalanceDelayMs), false),
                    ("unclean.leader.election.enable", String(config.uncleanLeaderElectionEnable), false),
                    ("replica.lag.time.max.ms", String(config.replicaLagTimeMaxMs), false),
                ]
            default:
                result.errorCode = .invalidRequest
                result.errorMessage = "resource type \(resource.resourceType) is not supported"
                return result
            }
            let wanted = resource.configurationKeys.map(Set.init)
            result.configs = entries.filter { wanted?.contains($0.0) ?? true }.map { name, value, isDefault in
                // Config source (KIP-226): 1 = dynamic topic config, 4 = static broker config (server.properties),
                // 5 = default. Broker values are reported as static: the file and flags are where they come from.
                .init(name: name, value: value, readOnly: resource.resourceType == Self.brokerResource, isDefault: isDefault,
                      configSource: resource.resourceType == Self.brokerResource ? 4 : (isDefault ? 5 : 1))
            }
            return result
        })
    }
}
