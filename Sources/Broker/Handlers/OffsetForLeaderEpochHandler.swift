import KafkaWire

extension RequestHandlers {
    /// The end offset of the requested epoch on the leader: where a follower or consumer must truncate to.
    func offsetForLeaderEpoch(_ request: OffsetForLeaderEpochRequest, _ context: RequestContext) -> OffsetForLeaderEpochResponse {
        OffsetForLeaderEpochResponse(topics: request.topics.map { topic in
            .init(topic: topic.topic, partitions: topic.partitions.map { wanted in
                var result = OffsetForLeaderEpochResponse.EpochEndOffset(partition: wanted.partition, leaderEpoch: -1, endOffset: -1)
                guard let partition = broker.replicaManager.partition(topic.topic, wanted.partition), partition.isLeader else {
                    result.errorCode = broker.notLeadingError(topic: topic.topic)
                    return result
                }
                let current = partition.currentLeadership.leaderEpoch
                if wanted.currentLeaderEpoch >= 0 && wanted.currentLeaderEpoch < current {
                    result.errorCode = .fencedLeaderEpoch
                } else if wanted.currentLeaderEpoch > current {
                    result.errorCode = .unknownLeaderEpoch
                } else {
                    let found = partition.log.endOffset(forEpoch: wanted.leaderEpoch)
                    result.leaderEpoch = found.epoch
                    result.endOffset = found.endOffset
                }
                return result
            })
        })
    }
}
