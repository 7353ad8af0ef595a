import CRdKafka

extension KafkaAdmin {
    /// Brokers, controller, cluster id, and the given topics (all topics when `topics` is nil).
    public func describeCluster(topics: [String]? = nil) async throws(KafkaError) -> ClusterMetadata {
        try await blocking.run { [self] () throws(KafkaError) in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            if let topics {
                // Per-topic requests: librdkafka's metadata call takes one topic handle at a time.
                var collected = ClusterMetadata(clusterId: nil, controllerId: -1, brokers: [], topics: [])
                for name in topics {
                    guard let topic = rd_kafka_topic_new(handle.pointer, name, nil) else { throw KafkaError.last() }
                    defer { rd_kafka_topic_destroy(topic) }
                    try KafkaError.check(rd_kafka_metadata(handle.pointer, 0, topic, &metadata, timeoutMillis))
                    guard let metadata else { continue }
                    defer { rd_kafka_metadata_destroy(metadata) }
                    let one = Self.convert(metadata.pointee)
                    collected.brokers = one.brokers
                    collected.topics += one.topics
                }
                collected.clusterId = clusterId()
                collected.controllerId = rd_kafka_controllerid(handle.pointer, timeoutMillis)
                return collected
            }
            try KafkaError.check(rd_kafka_metadata(handle.pointer, 1, nil, &metadata, timeoutMillis))
            guard let metadata else { throw .client("no metadata") }
            defer { rd_kafka_metadata_destroy(metadata) }
            var result = Self.convert(metadata.pointee)
            result.clusterId = clusterId()
            result.controllerId = rd_kafka_controllerid(handle.pointer, timeoutMillis)
            return result
        }
    }

    public func listTopics() async throws(KafkaError) -> [String] {
        try await describeCluster().topics.map(\.name).filter { !$0.hasPrefix("__") }.sorted()
    }

    private func clusterId() -> String? {
        guard let pointer = rd_kafka_clusterid(handle.pointer, timeoutMillis) else { return nil }
        defer { rd_kafka_mem_free(handle.pointer, pointer) }
        return String(cString: pointer)
    }

    static func convert(_ m: rd_kafka_metadata) -> ClusterMetadata {
        let brokers = (0..<Int(m.broker_cnt)).map { index in
            let b = m.brokers[index]
            return BrokerMetadata(id: b.id, host: String(cString: b.host), port: b.port)
        }
        let topics = (0..<Int(m.topic_cnt)).map { index in
            let t = m.topics[index]
            let partitions = (0..<Int(t.partition_cnt)).map { p in
                let part = t.partitions[p]
                return PartitionMetadata(
                    id: part.id, leader: part.leader,
                    replicas: Array(UnsafeBufferPointer(start: part.replicas, count: Int(part.replica_cnt))),
                    isr: Array(UnsafeBufferPointer(start: part.isrs, count: Int(part.isr_cnt))),
                    error: part.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(part.err))
            }.sorted { $0.id < $1.id }
            return TopicMetadata(
                name: String(cString: t.topic), partitions: partitions,
                error: t.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(t.err))
        }
        return ClusterMetadata(clusterId: nil, controllerId: -1, brokers: brokers, topics: topics)
    }

    /// Low and high watermarks of every partition of `topic`.
    public func listOffsets(topic: String) async throws(KafkaError) -> [PartitionOffsets] {
        let partitions = try await describeCluster(topics: [topic]).topics.first?.partitions ?? []
        return try await blocking.run { [self] () throws(KafkaError) in
            try partitions.map { partition throws(KafkaError) in
                var low: Int64 = 0
                var high: Int64 = 0
                try KafkaError.check(
                    rd_kafka_query_watermark_offsets(handle.pointer, topic, partition.id, &low, &high, timeoutMillis))
                return PartitionOffsets(topic: topic, partition: partition.id, low: low, high: high)
            }
        }
    }

    /// Topic configuration as the broker reports it.
    public func describeTopicConfigs(topic: String) async throws(KafkaError) -> [ConfigEntry] {
        try await blocking.run { [self] () throws(KafkaError) in
            var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)]
            defer { resources.forEach { rd_kafka_ConfigResource_destroy($0) } }
            return try adminRequest(
                start: { options, queue in
                    rd_kafka_DescribeConfigs(self.handle.pointer, &resources, resources.count, options, queue)
                },
                results: { event throws(KafkaError) in
                    var count = 0
                    let result = rd_kafka_event_DescribeConfigs_result(event)
                    guard let described = rd_kafka_DescribeConfigs_result_resources(result, &count), count > 0,
                        let resource = described[0]
                    else { return [] }
                    let err = rd_kafka_ConfigResource_error(resource)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                        throw KafkaError(err, message: optionalString(rd_kafka_ConfigResource_error_string(resource)))
                    }
                    var entryCount = 0
                    guard let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) else { return [] }
                    return (0..<entryCount).compactMap { index in
                        guard let entry = entries[index] else { return nil }
                        return ConfigEntry(
                            name: String(cString: rd_kafka_ConfigEntry_name(entry)),
                            value: optionalString(rd_kafka_ConfigEntry_value(entry)),
                            isDefault: rd_kafka_ConfigEntry_is_default(entry) != 0,
                            isReadOnly: rd_kafka_ConfigEntry_is_read_only(entry) != 0,
                            isSensitive: rd_kafka_ConfigEntry_is_sensitive(entry) != 0)
                    }
                })
        }
    }

    /// Sets topic configs (AlterConfigs: configs not given revert to their defaults, as in Kafka's old API).
    public func alterTopicConfigs(topic: String, configs: [String: String]) async throws(KafkaError) {
        try await blocking.run { [self] () throws(KafkaError) in
            let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)
            var resources: [OpaquePointer?] = [resource]
            defer { rd_kafka_ConfigResource_destroy(resource) }
            for (key, value) in configs {
                try KafkaError.check(rd_kafka_ConfigResource_set_config(resource, key, value))
            }
            try adminRequest(
                start: { options, queue in
                    rd_kafka_AlterConfigs(self.handle.pointer, &resources, 1, options, queue)
                },
                results: { event throws(KafkaError) in
                    var count = 0
                    guard
                        let altered = rd_kafka_AlterConfigs_result_resources(
                            rd_kafka_event_AlterConfigs_result(event), &count)
                    else { return }
                    for index in 0..<count {
                        guard let item = altered[index] else { continue }
                        let err = rd_kafka_ConfigResource_error(item)
                        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                            throw KafkaError(err, message: optionalString(rd_kafka_ConfigResource_error_string(item)))
                        }
                    }
                })
        }
    }

    /// Consumer groups known to the cluster, described (members, state). Pass `group` to describe just one.
    public func describeGroups(group: String? = nil) async throws(KafkaError) -> [GroupDescription] {
        try await blocking.run { [self] () throws(KafkaError) in
            var list: UnsafePointer<rd_kafka_group_list>?
            try KafkaError.check(rd_kafka_list_groups(handle.pointer, group, &list, timeoutMillis))
            guard let list else { return [] }
            defer { rd_kafka_group_list_destroy(list) }
            return (0..<Int(list.pointee.group_cnt)).map { index in
                let g = list.pointee.groups[index]
                let members = (0..<Int(g.member_cnt)).map { m in
                    let member = g.members[m]
                    return GroupMember(
                        memberId: String(cString: member.member_id), clientId: String(cString: member.client_id),
                        clientHost: String(cString: member.client_host))
                }
                return GroupDescription(
                    groupId: String(cString: g.group), state: String(cString: g.state),
                    protocolType: String(cString: g.protocol_type), protocolName: String(cString: g.protocol),
                    coordinator: g.broker.id, members: members,
                    error: g.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(g.err))
            }
        }
    }

    public func listGroups() async throws(KafkaError) -> [String] {
        try await describeGroups().map(\.groupId).sorted()
    }
}
