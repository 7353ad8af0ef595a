import CRdKafka
import Synchronization

/// The state `DrivenProducer`'s delivery callback reaches through the conf `opaque` pointer: the outcomes served
/// since the owner last took them. The callback runs inside `rd_kafka_poll` or `rd_kafka_flush` on the owner's
/// thread (and, for records still queued, inside `rd_kafka_destroy`), so the lock is never contended in practice.
final class DrivenProducerCore: Sendable {
    private let buffer = Mutex<[DeliveryOutcome]>([])

    func record(_ outcome: DeliveryOutcome) {
        buffer.withLock { $0.append(outcome) }
    }

    /// Moves the buffered outcomes into `outcomes` (whose old contents are dropped) by swapping storage, so a
    /// caller that passes the same array every time allocates nothing once both buffers have grown.
    func take(into outcomes: inout [DeliveryOutcome]) {
        outcomes.removeAll(keepingCapacity: true)
        buffer.withLock { pending in swap(&pending, &outcomes) }
    }
}

/// librdkafka's delivery-report callback for `DrivenProducer`: a C function, so it finds its state through
/// `opaque`. The handle keeps the core alive while librdkafka can call back, so the core is borrowed (no retain and
/// release per record).
let drivenDeliveryCallback:
    @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let message, let opaque else { return }
        let outcome = DeliveryOutcome(
            tag: UInt64(UInt(bitPattern: message.pointee._private)),
            latencyMicros: rd_kafka_message_latency(message),
            errorCode: message.pointee.err.rawValue)
        Unmanaged<DrivenProducerCore>.fromOpaque(opaque)._withUnsafeGuaranteedRef { $0.record(outcome) }
    }
