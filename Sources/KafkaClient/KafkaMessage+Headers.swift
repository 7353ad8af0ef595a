import CRdKafka

extension KafkaMessage {
    /// Reads a consumed message's headers. librdkafka parses them lazily, so a message without headers costs one
    /// call returning `_NOENT`.
    static func readHeaders(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else {
            return []
        }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let key = name.map { String(cString: $0) } ?? ""
            let bytes = value.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(key: key, value: bytes))
            index += 1
        }
        return result
    }
}
