import KafkaWire

extension RequestHandlers {
    /// Moves the log start offset forward; -1 means "up to the high watermark".
    func deleteRecords(_ request: DeleteRecordsRequest, _ context: RequestContext) -> DeleteRecordsResponse {
        DeleteRecordsResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { wanted in
                var result = DeleteRecordsResponse.DeleteRecordsPartitionResult(partitionIndex: wanted.partitionIndex, lowWatermark: -1)
                guard let partition = broker.replicaManager.partition(topic.name, wanted.partitionIndex), partition.isLeader else {
                    result.errorCode = broker.notLeadingError(topic: topic.name)
                    return result
                }
                let log = partition.log
                let target = wanted.offset == -1 ? log.highWatermark : wanted.offset
                guard target >= 0 && target <= log.highWatermark else {
                    result.errorCode = .offsetOutOfRange
                    return result
                }
                do {
                    _ = try log.deleteRecords(before: target)
                    result.lowWatermark = log.logStartOffset
                } catch {
                    result.errorCode = .kafkaStorageError
                }
                return result
            })
        })
    }
}
