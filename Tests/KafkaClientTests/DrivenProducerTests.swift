import Foundation
import KafkaClient
import Testing

/// `DrivenProducer` blocks in `serve` and `flush`, so the tests drive it from a thread of their own, as its users do.
@Suite(.serialized) struct DrivenProducerTests {
    /// Runs `body` on a new OS thread and returns its result.
    func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    @Test func afterAFatalErrorEveryRecordFailsAndTheCauseIsStillKnown() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        try cluster.createTopic("fatal", partitions: 1)
        let producer = try DrivenProducer(
            config: quietConfig(cluster.bootstrapServers, ["enable.idempotence": "true"]))
        let topic = try producer.topic("fatal")
        #expect(producer.fatalError == nil)
        #expect(producer.produce(to: topic, key: nil, value: bytes("before"), tag: 1) == .enqueued)
        producer.raiseFatalErrorForTesting(45, reason: "injected sequence gap")  // OUT_OF_ORDER_SEQUENCE_NUMBER
        guard case .failed(let error) = producer.produce(to: topic, key: nil, value: bytes("after"), tag: 2) else {
            Issue.record("a record produced after a fatal error was not refused")
            return
        }
        #expect(error.isFatal)
        let cause = try #require(producer.fatalError)
        #expect(cause.name == "OUT_OF_ORDER_SEQUENCE_NUMBER")
        #expect(cause.message.contains("injected sequence gap"))
    }

    @Test func everyTagIsReportedOnceEvenThroughAFullQueue() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        try cluster.createTopic("driven", partitions: 4)
        // A tiny local queue, so the loop must meet `.queueFull` and wait for room inside `serve`.
        let producer = try DrivenProducer(
            config: quietConfig(cluster.bootstrapServers, ["linger.ms": "1", "queue.buffering.max.messages": "50"]))
        let topic = try producer.topic("driven")
        let total = 3_000
        let (tags, queueFullSeen, flushed) = await onOwnThread { () -> ([UInt64], Int, Bool) in
            var tags: [UInt64] = []
            var reports: [DeliveryOutcome] = []
            var queueFull = 0
            for index in 0..<total {
                let tag = UInt64(index)
                while producer.produce(to: topic, key: bytes("key-\(index % 10)"), value: bytes("\(index)"), tag: tag)
                    == .queueFull
                {
                    queueFull += 1
                    producer.serve(timeoutMillis: 10, into: &reports)
                    tags += reports.filter(\.isAcknowledged).map(\.tag)
                }
                producer.serve(timeoutMillis: 0, into: &reports)
                tags += reports.filter(\.isAcknowledged).map(\.tag)
            }
            var flushed = false
            for _ in 0..<300 where !flushed {
                flushed = producer.flush(timeoutMillis: 100, into: &reports)
                tags += reports.filter(\.isAcknowledged).map(\.tag)
            }
            return (tags, queueFull, flushed)
        }
        #expect(flushed)
        #expect(queueFullSeen > 0)
        #expect(producer.outstanding == 0)
        #expect(tags.count == total)
        #expect(Set(tags) == Set((0..<total).map(UInt64.init)))
    }

    @Test func anyTagComesBackWithItsOutcome() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        try cluster.createTopic("tags", partitions: 1)
        let producer = try DrivenProducer(config: quietConfig(cluster.bootstrapServers))
        let topic = try producer.topic("tags")
        let tags: [UInt64] = [0, 1 << 63, .max]
        let outcomes = await onOwnThread { () -> [DeliveryOutcome] in
            for tag in tags { _ = producer.produce(to: topic, key: nil, value: [1], tag: tag) }
            var served: [DeliveryOutcome] = []
            var all: [DeliveryOutcome] = []
            for _ in 0..<300 {
                let done = producer.flush(timeoutMillis: 100, into: &served)
                all += served
                if done { break }
            }
            return all
        }
        #expect(outcomes.map(\.tag) == tags)
        #expect(outcomes.allSatisfy { $0.isAcknowledged && $0.error == nil && $0.latencyMicros >= 0 })
    }

    @Test func undeliverableRecordFailsAsAnOutcome() async throws {
        // Nothing listens on port 1, so the record times out in librdkafka and comes back as a failed outcome.
        let producer = try DrivenProducer(config: quietConfig("127.0.0.1:1", ["message.timeout.ms": "300"]))
        let topic = try producer.topic("nowhere")
        let outcomes = await onOwnThread { () -> [DeliveryOutcome] in
            _ = producer.produce(to: topic, key: nil, value: [1], tag: 7)
            var served: [DeliveryOutcome] = []
            var all: [DeliveryOutcome] = []
            for _ in 0..<300 {
                let done = producer.flush(timeoutMillis: 100, into: &served)
                all += served
                if done { break }
            }
            return all
        }
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.tag == 7)
        #expect(outcomes.first?.isAcknowledged == false)
        #expect(outcomes.first?.error != nil)
    }
}
