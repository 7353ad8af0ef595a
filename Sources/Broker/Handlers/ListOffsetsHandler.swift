import KafkaWire

extension RequestHandlers {
    static let latestTimestamp: Int64 = -1
    static let earliestTimestamp: Int64 = -2

    func listOffsets(_ request: ListOffsetsRequest, _ context: RequestContext) async throws -> ListOffsetsResponse {
        let version = context.header.apiVersion
        var response = ListOffsetsResponse()
        response.topics = request.topics.map { topic in
            ListOffsetsResponse.ListOffsetsTopicResponse(name: topic.name, partitions: topic.partitions.map { wanted in
                var result = ListOffsetsResponse.ListOffsetsPartitionResponse(partitionIndex: wanted.partitionIndex)
                guard let partition = broker.replicaManager.partition(topic.name, wanted.partitionIndex), partition.isLeader else {
                    result.errorCode = broker.notLeadingError(topic: topic.name)
                    return result
                }
                let log = partition.log
                let leaderEpoch = partition.currentLeadership.leaderEpoch
                var found: (offset: Int64, timestamp: Int64)
                switch wanted.timestamp {
                case Self.latestTimestamp: found = (log.highWatermark, -1)
                case Self.earliestTimestamp: found = (log.logStartOffset, -1)
                default: found = (try? log.offset(forTimestamp: wanted.timestamp)) ?? (-1, -1)
                }
                if version == 0 {
                    result.oldStyleOffsets = found.offset >= 0 ? [found.offset] : []
                } else {
                    result.offset = found.offset
                    result.timestamp = found.timestamp
                    result.leaderEpoch = found.offset >= 0 ? leaderEpoch : -1
                }
                return result
            })
        }
        return response
    }
}
