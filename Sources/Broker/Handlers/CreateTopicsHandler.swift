import KafkaWire

extension RequestHandlers {
    func createTopics(_ request: CreateTopicsRequest, _ context: RequestContext) async throws -> CreateTopicsResponse {
        let live = await registeredBrokers()
        var created: [String] = []
        var results: [CreateTopicsResponse.CreatableTopicResult] = []
        for topic in request.topics {
            var result = CreateTopicsResponse.CreatableTopicResult(name: topic.name)
            // -1 means "broker default" (KIP-464).
            let partitions = topic.numPartitions == -1 ? broker.config.numPartitions : topic.numPartitions
            let replication = topic.replicationFactor == -1 ? broker.config.defaultReplicationFactor : topic.replicationFactor
            var assignment: [Int32: [Int32]] = [:]
            for entry in topic.assignments { assignment[entry.partitionIndex] = entry.brokerIds }
            var configs: [String: String] = [:]
            for entry in topic.configs { if let value = entry.value { configs[entry.name] = value } }
            do {
                try await broker.topicAdmin.create(
                    name: topic.name, partitions: partitions, replicationFactor: replication, assignment: assignment,
                    configs: configs, liveBrokers: live, validateOnly: request.validateOnly)
                if !request.validateOnly { created.append(topic.name) }
            } catch {
                result.errorCode = error.code
                result.errorMessage = error.message
            }
            results.append(result)
        }
        if !created.isEmpty {
            broker.watcher.invalidate(.topicList)
            await broker.waitForLeaders(created, timeout: .milliseconds(Int(max(0, min(request.timeoutMs, 30_000)))))
        }
        return CreateTopicsResponse(topics: results)
    }

    func deleteTopics(_ request: DeleteTopicsRequest, _ context: RequestContext) async throws -> DeleteTopicsResponse {
        var deleted: [String] = []
        var results: [DeleteTopicsResponse.DeletableTopicResult] = []
        for name in request.topicNames {
            var result = DeleteTopicsResponse.DeletableTopicResult(name: name)
            if !broker.config.deleteTopicEnable {
                result.errorCode = .topicDeletionDisabled
            } else {
                do {
                    try await broker.topicAdmin.markForDeletion(name)
                    deleted.append(name)
                } catch {
                    result.errorCode = error.code
                }
            }
            results.append(result)
        }
        if !deleted.isEmpty {
            await broker.waitForDeletion(deleted, timeout: .milliseconds(Int(max(0, min(request.timeoutMs, 30_000)))))
        }
        return DeleteTopicsResponse(responses: results)
    }

    func createPartitions(_ request: CreatePartitionsRequest, _ context: RequestContext) async throws -> CreatePartitionsResponse {
        let live = await registeredBrokers()
        var grown: [String] = []
        var results: [CreatePartitionsResponse.CreatePartitionsTopicResult] = []
        for topic in request.topics {
            var result = CreatePartitionsResponse.CreatePartitionsTopicResult(name: topic.name)
            do {
                try await broker.topicAdmin.addPartitions(
                    topic.name, count: topic.count, assignment: topic.assignments?.map(\.brokerIds), liveBrokers: live,
                    validateOnly: request.validateOnly)
                if !request.validateOnly { grown.append(topic.name) }
            } catch {
                result.errorCode = error.code
                result.errorMessage = error.message
            }
            results.append(result)
        }
        if !grown.isEmpty {
            for name in grown { broker.watcher.invalidate(.topic(name)) }
            await broker.waitForLeaders(grown, timeout: .milliseconds(Int(max(0, min(request.timeoutMs, 30_000)))))
        }
        return CreatePartitionsResponse(results: results)
    }

    /// The brokers registered right now, read from `/brokers/ids` as Kafka's admin path does: the watcher's last
    /// read can be a moment behind a broker that just registered (`cluster up` returns once every broker has), and a
    /// CreateTopics for RF 3 sent then must not fail with INVALID_REPLICATION_FACTOR. The watcher's view only when
    /// ZooKeeper cannot be read.
    private func registeredBrokers() async -> [Int32] {
        if let children = try? await broker.zooKeeper.children(ZooKeeperPaths.brokerIds) {
            return children.compactMap { Int32($0) }.sorted()
        }
        return broker.watcher.latest.brokers.keys.sorted()
    }
}
