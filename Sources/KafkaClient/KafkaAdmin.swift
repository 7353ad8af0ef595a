import CRdKafka
import Logging

/// Topic and cluster administration over librdkafka's Admin API. Every call blocks inside librdkafka, so all of
/// them run on a private dispatch queue.
public final class KafkaAdmin: Sendable {
    let handle: RdKafkaHandle
    let blocking = BlockingCalls(label: "kafkalab.admin.blocking")
    let timeoutMillis: Int32
    private let logger: Logger

    public init(config: KafkaConfig, timeoutMillis: Int32 = 30_000, logger: Logger = Logger(label: "kafkalab.admin"))
        throws(KafkaError)
    {
        handle = try RdKafkaHandle(kind: .producer, config: config)
        self.timeoutMillis = timeoutMillis
        self.logger = logger
    }

    public func createTopics(_ topics: [NewTopic]) async throws(KafkaError) {
        try await blocking.run { [self] () throws(KafkaError) in
            var natives: [OpaquePointer?] = []
            defer { natives.forEach { rd_kafka_NewTopic_destroy($0) } }
            for topic in topics {
                var errstr = [CChar](repeating: 0, count: 512)
                guard
                    let native = rd_kafka_NewTopic_new(
                        topic.name, topic.partitions, topic.replicationFactor, &errstr, errstr.count)
                else { throw .client("topic \(topic.name): \(cString(errstr))") }
                natives.append(native)
                for (key, value) in topic.configs {
                    try KafkaError.check(rd_kafka_NewTopic_set_config(native, key, value))
                }
            }
            try adminRequest(
                start: { options, queue in
                    rd_kafka_CreateTopics(self.handle.pointer, &natives, natives.count, options, queue)
                },
                results: { event throws(KafkaError) in
                    var count = 0
                    let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
                    return try Self.checkTopicResults(results, count)
                })
        }
        logger.debug("created topics", metadata: ["topics": "\(topics.map(\.name))"])
    }

    public func deleteTopics(_ names: [String]) async throws(KafkaError) {
        try await blocking.run { [self] () throws(KafkaError) in
            var natives: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
            defer { natives.forEach { rd_kafka_DeleteTopic_destroy($0) } }
            try adminRequest(
                start: { options, queue in
                    rd_kafka_DeleteTopics(self.handle.pointer, &natives, natives.count, options, queue)
                },
                results: { event throws(KafkaError) in
                    var count = 0
                    let results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count)
                    return try Self.checkTopicResults(results, count)
                })
        }
    }

    /// Grows `topic` to `totalPartitions` partitions.
    public func createPartitions(topic: String, totalPartitions: Int) async throws(KafkaError) {
        try await blocking.run { [self] () throws(KafkaError) in
            var errstr = [CChar](repeating: 0, count: 512)
            guard let native = rd_kafka_NewPartitions_new(topic, totalPartitions, &errstr, errstr.count) else {
                throw .client(cString(errstr))
            }
            var natives: [OpaquePointer?] = [native]
            defer { rd_kafka_NewPartitions_destroy(native) }
            try adminRequest(
                start: { options, queue in
                    rd_kafka_CreatePartitions(self.handle.pointer, &natives, 1, options, queue)
                },
                results: { event throws(KafkaError) in
                    var count = 0
                    let results = rd_kafka_CreatePartitions_result_topics(
                        rd_kafka_event_CreatePartitions_result(event), &count)
                    return try Self.checkTopicResults(results, count)
                })
        }
    }

    /// Sends one admin request and waits for its result event on a private queue.
    func adminRequest<T>(
        start: (OpaquePointer?, OpaquePointer?) -> Void,
        results: (OpaquePointer) throws(KafkaError) -> T
    ) throws(KafkaError) -> T {
        guard let queue = rd_kafka_queue_new(handle.pointer) else { throw .client("rd_kafka_queue_new failed") }
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle.pointer, RD_KAFKA_ADMIN_OP_ANY)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMillis, &errstr, errstr.count)
        start(options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeoutMillis + 5_000) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, message: "admin request timed out")
        }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(err, message: optionalString(rd_kafka_event_error_string(event)))
        }
        return try results(event)
    }

    static func checkTopicResults(_ results: UnsafeMutablePointer<OpaquePointer?>?, _ count: Int) throws(KafkaError) {
        guard let results else { return }
        for index in 0..<count {
            guard let result = results[index] else { continue }
            let err = rd_kafka_topic_result_error(result)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let name = String(cString: rd_kafka_topic_result_name(result))
                let detail = optionalString(rd_kafka_topic_result_error_string(result)) ?? ""
                throw KafkaError(err, message: "\(name): \(detail)")
            }
        }
    }
}
