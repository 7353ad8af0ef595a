import KafkaClient
import Testing

struct TimedOut: Error {}

/// Runs `body`, failing with `TimedOut` if it takes longer than `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut() }
        return first
    }
}

/// Reads `count` messages from `consumer` (or fails after `seconds`).
func collect(_ count: Int, from consumer: KafkaConsumer, seconds: Double = 30) async throws -> [KafkaMessage] {
    try await withTimeout(seconds) {
        var received: [KafkaMessage] = []
        for await message in consumer.messages {
            received.append(message)
            if received.count >= count { break }
        }
        return received
    }
}

func quietConfig(_ bootstrap: String, _ extra: [String: String] = [:]) -> KafkaConfig {
    KafkaConfig(bootstrapServers: bootstrap, ["log_level": "3"]).merging(extra)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
