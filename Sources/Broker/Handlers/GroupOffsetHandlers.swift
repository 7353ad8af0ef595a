import KafkaWire

extension RequestHandlers {
    func offsetCommit(_ request: OffsetCommitRequest, _ context: RequestContext) async throws -> OffsetCommitResponse {
        let coordinatorError = broker.groups.coordinatorError(for: request.groupId)
        guard coordinatorError == .none else {
            return OffsetCommitResponse(topics: request.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: coordinatorError) })
            })
        }
        let entries = request.topics.flatMap { topic in
            topic.partitions.map {
                GroupOffsetCommitEntry(
                    topic: topic.name, partition: $0.partitionIndex, offset: $0.committedOffset,
                    leaderEpoch: $0.committedLeaderEpoch, metadata: $0.committedMetadata)
            }
        }
        let results = await broker.groups.coordinator.commitOffsets(GroupOffsetCommitRequest(
            groupId: request.groupId, generationId: request.generationIdOrMemberEpoch, memberId: request.memberId,
            groupInstanceId: request.groupInstanceId, offsets: entries))
        let byTopic = Dictionary(grouping: results, by: \.topic)
        return OffsetCommitResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: (byTopic[topic.name] ?? []).map {
                .init(partitionIndex: $0.partition, errorCode: ErrorCode(rawValue: $0.errorCode))
            })
        })
    }

    func offsetFetch(_ request: OffsetFetchRequest, _ context: RequestContext) async throws -> OffsetFetchResponse {
        let coordinatorError = broker.groups.coordinatorError(for: request.groupId)
        guard coordinatorError == .none else {
            // v2+ carry a top-level error; older versions only per partition.
            return OffsetFetchResponse(
                topics: (request.topics ?? []).map { topic in
                    .init(name: topic.name, partitions: topic.partitionIndexes.map {
                        .init(partitionIndex: $0, committedOffset: -1, errorCode: coordinatorError)
                    })
                },
                errorCode: coordinatorError)
        }
        let wanted = request.topics.map { topics in
            topics.flatMap { topic in topic.partitionIndexes.map { GroupTopicPartition(topic: topic.name, partition: $0) } }
        }
        let result = await broker.groups.coordinator.fetchOffsets(GroupOffsetFetchRequest(groupId: request.groupId, partitions: wanted))
        let byTopic = Dictionary(grouping: result.partitions, by: \.topic)
        let order = request.topics?.map(\.name) ?? byTopic.keys.sorted()
        return OffsetFetchResponse(
            topics: order.map { name in
                .init(name: name, partitions: (byTopic[name] ?? []).map {
                    .init(partitionIndex: $0.partition, committedOffset: $0.offset, committedLeaderEpoch: $0.leaderEpoch,
                          metadata: $0.metadata, errorCode: ErrorCode(rawValue: $0.errorCode))
                })
            },
            errorCode: ErrorCode(rawValue: result.errorCode))
    }
}
