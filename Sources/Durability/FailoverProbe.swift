import KafkaClient

/// Measures failover as a client sees it: from the kill -9 of a partition's leader to the first acks=all produce
/// on that partition that succeeds. Its own producer, connected before the fault, so client start-up is not
/// counted; its records are not tester records (the checker counts them as foreign, never as a failure).
struct FailoverProbe: Sendable {
    let producer: KafkaProducer
    let topic: String

    init(bootstrap: String, topic: String) throws {
        self.topic = topic
        producer = try KafkaProducer(
            config: KafkaConfig(
                bootstrapServers: bootstrap,
                [
                    "acks": "all", "linger.ms": "0", "retry.backoff.ms": "50", "log_level": "2",
                    // Each attempt gives up quickly, so the next one starts against fresh metadata.
                    "message.timeout.ms": "2000", "request.timeout.ms": "1500", "socket.timeout.ms": "1500",
                    // A killed leader refuses connections but stays the leader in metadata until the controller
                    // moves it: poll metadata often, so the client's own staleness is a small part of the figure.
                    "topic.metadata.refresh.interval.ms": "100", "topic.metadata.refresh.fast.interval.ms": "50",
                ]))
    }

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
