import CRdKafka
import Dispatch

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
        // rd_kafka_destroy blocks until librdkafka's threads have stopped, which can take a while; the last
        // reference may be dropped on Swift's cooperative pool, so the destruction happens on another thread.
        let pointer = UncheckedHandlePointer(pointer)
        let context = callbackContext.map(UncheckedContext.init)
        Self.destroyer.async {
            rd_kafka_destroy(pointer.value)
            _ = context
        }
    }

    private static let destroyer = DispatchQueue(label: "kafkalab.rdkafka.destroy", attributes: .concurrent)
}

func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func optionalString(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// A raw handle moved to the destroying thread; nothing else uses it by then.
private struct UncheckedHandlePointer: @unchecked Sendable {
    let value: OpaquePointer
    init(_ value: OpaquePointer) { self.value = value }
}

/// Keeps the callback context alive until `rd_kafka_destroy` has returned.
private struct UncheckedContext: @unchecked Sendable {
    let value: AnyObject
    init(_ value: AnyObject) { self.value = value }
}
