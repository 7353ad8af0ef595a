import CRdKafka

/// Bridges `[TopicPartitionOffset]` and `rd_kafka_topic_partition_list_t`.
enum TopicPartitionList {
    /// Builds a native list; the caller destroys it with `rd_kafka_topic_partition_list_destroy`.
    static func make(_ items: [TopicPartitionOffset]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: max(items.count, 1)))!
        for item in items {
            let element = rd_kafka_topic_partition_list_add(list, item.topic, item.partition)
            element?.pointee.offset = item.offset
        }
        return list
    }

    static func read(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) throws(KafkaError)
        -> [TopicPartitionOffset]
    {
        var result: [TopicPartitionOffset] = []
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            if element.err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(element.err) }
            result.append(
                TopicPartitionOffset(
                    topic: String(cString: element.topic), partition: element.partition, offset: element.offset))
        }
        return result
    }

    static func with<R>(
        _ items: [TopicPartitionOffset],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(KafkaError) -> R
    ) throws(KafkaError) -> R {
        let list = make(items)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return try body(list)
    }
}
