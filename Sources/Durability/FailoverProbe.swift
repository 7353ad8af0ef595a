import KafkaClient

/// Measures failover as a client sees it: from the kill -9 of a partition's leader to the first acks=all produce
/// on that partition that succeeds. Its own producer, connected before the fault, so client start-up is not
/// counted; its records are not tester records (the checker counts them as foreign, never as a failure).
struct FailoverProbe: Sendable {
    let producer: KafkaProducer
    let topic: String

    init(bootstrap: String, topic: String) throws {
        self.topic = topic
        producer = try KafkaProducer(config: KafkaConfig(bootstrapServers: bootstrap, Self.clientProperties))
    }

    /// The probe's librdkafka settings: each one keeps the client's own delays a small part of the figure.
    static let clientProperties: [String: String] = [
        "acks": "all", "linger.ms": "0", "retry.backoff.ms": "50", "log_level": "2",
        // Each attempt gives up quickly, so the next one starts against fresh metadata.
        "message.timeout.ms": "2000", "request.timeout.ms": "1500", "socket.timeout.ms": "1500",
        // A killed leader refuses connections but stays the leader in metadata until the controller moves it: poll
        // metadata often.
        "topic.metadata.refresh.interval.ms": "100", "topic.metadata.refresh.fast.interval.ms": "50",
        // The new leader is often the broker restarted after the previous fault. While it was down, librdkafka's
        // reconnect backoff to it grew exponentially (by default from 100 ms up to 10 s), so the first attempt
        // after the election could wait seconds for the client's next connect: that was the slow tail of the
        // figure (4.5-9.6 s with the new leader in metadata on time), the client's delay, not the cluster's.
        "reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "100",
    ]

    /// One acknowledged record on every partition, so connections and metadata are in place.
    func warm(partitions: [Int32]) async throws {
        for partition in partitions {
            try await producer.send(topic: topic, partition: partition, value: Array("failover-probe warm".utf8))
        }
    }

    /// Time from `since` to the first acknowledged produce on `partition`, or nil if none within `giveUp`.
    func measure(partition: Int32, since start: ContinuousClock.Instant, giveUp: Duration) async -> Duration? {
        while ContinuousClock.now - start < giveUp {
            do {
                try await producer.send(topic: topic, partition: partition, value: Array("failover-probe".utf8))
                return ContinuousClock.now - start
            } catch {
                // Usually a timed-out attempt; an immediate refusal must not spin.
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        return nil
    }

    func close() async {
        await producer.close(timeoutMillis: 5000)
    }
}
