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
                let leader = servedLeader(topic: name, index: index, named: info.leader, live: live)
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

    /// The leader Metadata names: -1 while the named one is not alive, and also while it is this broker but its
    /// replica manager has not taken the leadership on yet. The watcher reads ZooKeeper before it applies what it
    /// read, so without the second check a client sent here (a restarted broker, a fresh election) would get
    /// NOT_LEADER_OR_FOLLOWER for a leadership that is a moment away; LEADER_NOT_AVAILABLE tells it to ask again.
    private func servedLeader(topic: String, index: Int32, named leader: Int32, live: Set<Int32>) -> Int32 {
        guard leader != -1, live.contains(leader) else { return -1 }
        if leader == broker.brokerId, broker.replicaManager.partition(topic, index)?.isLeader != true { return -1 }
        return leader
    }
}
