import CRdKafka

/// Owns one `rd_kafka_t`. librdkafka handles are thread-safe, which is what makes this `Sendable`.
final class RdKafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The object callbacks reach through the conf `opaque`; held here so it outlives `rd_kafka_destroy`.
    private let callbackContext: AnyObject?

    enum Kind {
        case producer, consumer
    }

    /// Creates the handle. `configure` may install callbacks on the native conf before it is consumed.
    init(
        kind: Kind, config: KafkaConfig, callbackContext: AnyObject? = nil,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        self.callbackContext = callbackContext
        let conf = try config.makeNative()
        configure(conf)
        var errstr = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw .client(cString(errstr))
        }
        pointer = handle
    }

    deinit {
        rd_kafka_destroy(pointer)
    }
}

func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func optionalString(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}
