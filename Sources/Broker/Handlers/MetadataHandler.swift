import KafkaWire

extension RequestHandlers {
    /// Partitions and their leaders come from the applied metadata, so this broker names itself leader only of what
    /// its replica manager already leads; which topics exist (for auto-creation) and which brokers are alive come
    /// from the watcher's latest read.
    func metadata(_ request: MetadataRequest, _ context: RequestContext) async throws -> MetadataResponse {
        let latest = broker.watcher.latest
        let applied = broker.applied.snapshot
        // v0 used an empty list to mean "all topics"; v1+ use null.
        let requested: [String]? =
            context.header.apiVersion == 0 && (request.topics?.isEmpty ?? true) ? nil : request.topics?.map(\.name)
        let allowAutoCreate = context.header.apiVersion < 4 || request.allowAutoTopicCreation
        var autoCreated: Set<String> = []
        if let requested, allowAutoCreate, broker.config.autoCreateTopicsEnable {
            for name in requested where latest.topics[name] == nil && TopicAdmin.validateName(name) == nil {
                if await broker.autoCreate(name, snapshot: latest) { autoCreated.insert(name) }
            }
        }
        var response = MetadataResponse()
        response.brokers = latest.brokers.values.sorted { $0.id < $1.id }.map {
            .init(nodeId: $0.id, host: $0.host, port: $0.port, rack: $0.rack)
        }
        response.clusterId = broker.clusterId
        response.controllerId = latest.controllerId
        // Only brokers listed above are named leaders, so a client can always reach the leader it is given.
        let live = Set(latest.brokers.keys)
        let names = requested ?? applied.topics.keys.sorted()
        response.topics = names.map { name in
            guard let topic = applied.topics[name], !topic.markedForDeletion else {
                // Known but not applied here yet (just created, or this broker is still loading): a moment away.
                let pending = autoCreated.contains(name) || latest.topics[name].map { !$0.markedForDeletion } == true
                let code: ErrorCode =
                    TopicAdmin.validateName(name) != nil ? .invalidTopicException
                    : pending ? .leaderNotAvailable : .unknownTopicOrPartition
                return MetadataResponse.MetadataResponseTopic(errorCode: code, name: name)
            }
            let partitions = topic.partitions.sorted { $0.key < $1.key }.map { index, info in
                let leader = info.leader != -1 && live.contains(info.leader) ? info.leader : -1
                return MetadataResponse.MetadataResponsePartition(
                    errorCode: leader == -1 ? .leaderNotAvailable : .none,
                    partitionIndex: index,
                    leaderId: leader,
                    leaderEpoch: info.leaderEpoch,
                    replicaNodes: info.replicas,
                    isrNodes: info.isr,
                    offlineReplicas: info.replicas.filter { !live.contains($0) })
            }
            return MetadataResponse.MetadataResponseTopic(
                errorCode: .none, name: name, isInternal: name == GroupsService.offsetsTopic, partitions: partitions)
        }
        return response
    }
}
