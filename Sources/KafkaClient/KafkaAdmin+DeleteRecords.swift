import CRdKafka

extension KafkaAdmin {
    /// Deletes every record before `offset` in each given partition (DeleteRecords): the partition's log start
    /// offset moves up to `offset`. `TopicPartitionOffset.end` (-1) deletes everything up to the high watermark.
    /// Returns each partition's low watermark after the deletion. A partition the broker refused throws.
    @discardableResult
    public func deleteRecords(before offsets: [TopicPartitionOffset]) async throws(KafkaError)
        -> [TopicPartitionOffset]
    {
        guard !offsets.isEmpty else { return [] }
        for item in offsets where item.offset < TopicPartitionOffset.end {
            // Logical offsets other than "end" mean nothing to DeleteRecords; refuse them before the broker does.
            throw .client("delete records: offset \(item.offset) for \(item.topic)/\(item.partition) is invalid")
        }
        return try await blocking.run { [self] () throws(KafkaError) in
            try TopicPartitionList.with(offsets) { list throws(KafkaError) in
                guard let request = rd_kafka_DeleteRecords_new(list) else {
                    throw .client("rd_kafka_DeleteRecords_new failed")
                }
                defer { rd_kafka_DeleteRecords_destroy(request) }
                var requests: [OpaquePointer?] = [request]
                return try adminRequest(
                    start: { options, queue in
                        rd_kafka_DeleteRecords(self.handle.pointer, &requests, 1, options, queue)
                    },
                    results: { event throws(KafkaError) in
                        guard let result = rd_kafka_DeleteRecords_result_offsets(
                            rd_kafka_event_DeleteRecords_result(event))
                        else { throw .client("DeleteRecords returned no offsets") }
                        return try TopicPartitionList.read(result)
                    })
            }
        }
    }
}
