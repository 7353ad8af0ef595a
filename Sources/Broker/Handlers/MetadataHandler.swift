import KafkaWire

extension RequestHandlers {
    func metadata(_ request: MetadataRequest, _ context: RequestContext) async throws -> MetadataResponse {
        var snapshot = broker.watcher.current
        // v0 used an empty list to mean "all topics"; v1+ use null.
        let requested: [String]? =
            context.header.apiVersion == 0 && (request.topics?.isEmpty ?? true) ? nil : request.topics?.map(\.name)
        let allowAutoCreate = context.header.apiVersion < 4 || request.allowAutoTopicCreation
        var autoCreated: Set<String> = []
        if let requested, allowAutoCreate, broker.config.autoCreateTopicsEnable {
            for name in requested where snapshot.topics[name] == nil && TopicAdmin.validateName(name) == nil {
                if await broker.autoCreate(name, snapshot: snapshot) { autoCreated.insert(name) }
            }
            if !autoCreated.isEmpty { snapshot = broker.watcher.current }
        }
        var response = MetadataResponse()
        response.brokers = snapshot.brokers.values.sorted { $0.id < $1.id }.map {
            .init(nodeId: $0.id, host: $0.host, port: $0.port, rack: $0.rack)
        }
        response.clusterId = broker.clusterId
        response.controllerId = snapshot.controllerId
        let names = requested ?? snapshot.topics.keys.sorted()
        response.topics = names.map { name in
            guard let topic = snapshot.topics[name], !topic.markedForDeletion else {
                let code: ErrorCode =
                    TopicAdmin.validateName(name) != nil ? .invalidTopicException
                    : autoCreated.contains(name) ? .leaderNotAvailable : .unknownTopicOrPartition
                return MetadataResponse.MetadataResponseTopic(errorCode: code, name: name)
            }
            let live = Set(snapshot.brokers.keys)
            let partitions = topic.partitions.sorted { $0.key < $1.key }.map { index, info in
                MetadataResponse.MetadataResponsePartition(
                    errorCode: info.leader == -1 || !live.contains(info.leader) ? .leaderNotAvailable : .none,
                    partitionIndex: index,
                    leaderId: live.contains(info.leader) ? info.leader : -1,
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
