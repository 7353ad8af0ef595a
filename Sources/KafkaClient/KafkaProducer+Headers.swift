import CRdKafka

extension KafkaProducer {
    /// Enqueues one record with headers and an explicit timestamp, without waiting; its report appears on
    /// `deliveryReports` with `tag`, like `produce(to:partition:key:value:tag:)`.
    ///
    /// `timestamp` is milliseconds since the epoch (the record's CreateTime); `nil` lets librdkafka use now.
    /// Throws `KafkaError` with `isQueueFull` when librdkafka's queue is full: back off and retry.
    public func produce(
        to topic: ProducerTopic, partition: Int32? = nil, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader],
        timestamp: Int64?, tag: UInt64
    ) throws(KafkaError) {
        guard tag & ProducerCore.awaitedTagBit == 0 else { throw .client("tag must be below 2^63") }
        if let timestamp, timestamp < 0 { throw .client("timestamp must not be negative, got \(timestamp)") }
        let nativeHeaders = try Self.makeNativeHeaders(headers)
        let error = value.withUnsafeBytes { valueBytes in
            withOptionalBytes(key) { keyBytes in
                var fields: [rd_kafka_vu_t] = []
                fields.reserveCapacity(8)
                var field = rd_kafka_vu_t()
                field.vtype = RD_KAFKA_VTYPE_RKT
                field.u.rkt = topic.pointer
                fields.append(field)
                field = rd_kafka_vu_t()
                field.vtype = RD_KAFKA_VTYPE_PARTITION
                field.u.i32 = partition ?? -1
                fields.append(field)
                field = rd_kafka_vu_t()
                field.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                field.u.i = RD_KAFKA_MSG_F_COPY
                fields.append(field)
                field = rd_kafka_vu_t()
                field.vtype = RD_KAFKA_VTYPE_VALUE
                field.u.mem.ptr = UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                field.u.mem.size = valueBytes.count
                fields.append(field)
                if let keyBytes {
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_KEY
                    field.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes.baseAddress)
                    field.u.mem.size = keyBytes.count
                    fields.append(field)
                }
                field = rd_kafka_vu_t()
                field.vtype = RD_KAFKA_VTYPE_OPAQUE
                field.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(tag))
                fields.append(field)
                if let timestamp {
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_TIMESTAMP
                    field.u.i64 = timestamp
                    fields.append(field)
                }
                if let nativeHeaders {
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_HEADERS
                    field.u.headers = nativeHeaders
                    fields.append(field)
                }
                return fields.withUnsafeBufferPointer { rd_kafka_produceva(handle.pointer, $0.baseAddress, $0.count) }
            }
        }
        if let error {
            // librdkafka takes ownership of the headers only when the record was enqueued.
            if let nativeHeaders { rd_kafka_headers_destroy(nativeHeaders) }
            throw KafkaError.consuming(error)
        }
    }

    /// A native header list, or `nil` for none; the caller owns it until librdkafka accepts the record.
    private static func makeNativeHeaders(_ headers: [KafkaHeader]) throws(KafkaError) -> OpaquePointer? {
        guard !headers.isEmpty else { return nil }
        guard let native = rd_kafka_headers_new(headers.count) else { throw .client("rd_kafka_headers_new failed") }
        for header in headers {
            var name = Array(header.key.utf8)
            let err = name.withUnsafeMutableBufferPointer { nameBytes in
                nameBytes.withMemoryRebound(to: CChar.self) { chars in
                    withHeaderValue(header.value) { pointer, size in
                        rd_kafka_header_add(native, chars.baseAddress, chars.count, pointer, size)
                    }
                }
            }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                rd_kafka_headers_destroy(native)
                throw KafkaError(err)
            }
        }
        return native
    }
}

/// Passes a header value to C: `nil` stays NULL (a null header), while an empty value needs a non-NULL pointer so
/// librdkafka keeps it empty rather than null.
private func withHeaderValue<R>(_ value: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let value else { return body(nil, 0) }
    if value.isEmpty {
        var placeholder: UInt8 = 0
        return withUnsafeBytes(of: &placeholder) { body($0.baseAddress, 0) }
    }
    return value.withUnsafeBytes { body($0.baseAddress, $0.count) }
}
