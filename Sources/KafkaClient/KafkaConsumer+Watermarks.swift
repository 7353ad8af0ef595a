import CRdKafka

extension KafkaConsumer {
    /// The low and high watermarks librdkafka last saw in fetch responses for a partition this consumer reads;
    /// `nil` until a fetch has reported them. A local lookup: no request, no waiting.
    public func cachedWatermarks(topic: String, partition: Int32) -> PartitionOffsets? {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_get_watermark_offsets(handle.pointer, topic, partition, &low, &high)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return PartitionOffsets(topic: topic, partition: partition, low: max(low, 0), high: high)
    }
}
