import CRdKafka

extension ProducerTopic {
    /// Hands one record to librdkafka, which copies key and value (`RD_KAFKA_MSG_F_COPY`: one allocation holds the
    /// message and both copies, and callers may reuse their buffers at once). `tag` comes back in the record's
    /// delivery report. `partition` -1 lets the partitioner choose.
    ///
    /// Returns librdkafka's code rather than a `KafkaError`: a full queue is routine for a fast producer, and
    /// building an error (two strings) every time would cost more than the retry.
    func enqueue(partition: Int32, key: [UInt8]?, value: [UInt8], tag: UInt64) -> rd_kafka_resp_err_t {
        let opaque = UnsafeMutableRawPointer(bitPattern: UInt(tag))
        let result = value.withUnsafeBytes { valueBytes in
            withOptionalBytes(key) { keyBytes in
                rd_kafka_produce(
                    pointer, partition, RD_KAFKA_MSG_F_COPY,
                    UnsafeMutableRawPointer(mutating: valueBytes.baseAddress), valueBytes.count,
                    keyBytes?.baseAddress, keyBytes?.count ?? 0, opaque)
            }
        }
        return result == 0 ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_last_error()
    }
}
