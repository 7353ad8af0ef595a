import KafkaWire
import NIOCore
import Testing

extension IntegrationSuite {
    /// An idempotent producer pipelines batches; when the broker refuses the first with a retriable error, the ones
    /// behind it must get that error too, not OUT_OF_ORDER_SEQUENCE_NUMBER (which makes librdkafka bump its epoch
    /// and resend unacknowledged batches under new sequence numbers: duplicates). A real gap is still refused as one.
    @Suite(.timeLimit(.minutes(2)))
    struct SequenceGapTests {
        @Test func batchesBehindARefusedOneGetItsErrorAndAreWrittenOnceWhenResent() async throws {
            try await withCluster("gap", properties: RobustnessSettings.properties) { cluster in
                let port = try await cluster.port()
                // One replica and min.insync.replicas 2: acks=all is refused (NOT_ENOUGH_REPLICAS, nothing
                // written), acks=1 is written, so one connection can make the first batch fail and the next pass.
                try await WireAdmin.createTopicAndWait(
                    port: port, name: "gapped", partitions: 1, configs: ["min.insync.replicas": "2"])
                try await onThread("gap") { try Self.refusedThenResent(port: port) }
            }
        }

        static func refusedThenResent(port: Int) throws {
            let connection = try WireConnection(port: port)
            defer { connection.close() }
            let producer = try connection.call(InitProducerIdRequest(), version: 1)
            try #require(producer.errorCode == .none)
            let written = try batch(producer, sequence: 0, records: 2)
            try #require(try produce(connection, written, acks: 1).errorCode == .none)
            let first = try batch(producer, sequence: 2, records: 3)
            let second = try batch(producer, sequence: 5, records: 2)

            // Pipelined, as librdkafka sends them: answers come back in order.
            let refused = try connection.send(request(first, acks: -1), version: WireVersions.produce)
            let behind = try connection.send(request(second, acks: 1), version: WireVersions.produce)
            let refusedAnswer = try answer(connection, refused)
            let behindAnswer = try answer(connection, behind)
            #expect(refusedAnswer.errorCode == .notEnoughReplicas)
            #expect(
                behindAnswer.errorCode == .notEnoughReplicas,
                "the batch behind a refused one must get its retriable error, got \(behindAnswer.errorCode.name)")

            // The producer resends both in order: each is written once, at the offsets that follow.
            let firstResent = try produce(connection, first, acks: 1)
            let secondResent = try produce(connection, second, acks: 1)
            #expect(firstResent.errorCode == .none && firstResent.baseOffset == 2)
            #expect(secondResent.errorCode == .none && secondResent.baseOffset == 5)
            let duplicate = try produce(connection, second, acks: 1)
            #expect(duplicate.errorCode == .none && duplicate.baseOffset == 5, "a resend is deduplicated")

            // A gap no refusal explains is still OUT_OF_ORDER_SEQUENCE_NUMBER.
            let skipping = try batch(producer, sequence: 11, records: 1)
            let gap = try produce(connection, skipping, acks: 1)
            #expect(gap.errorCode == .outOfOrderSequenceNumber)

            // A new producer whose very first batch is refused: the next one is not UNKNOWN_PRODUCER_ID either.
            let newcomer = try connection.call(InitProducerIdRequest(), version: 1)
            let opening = try connection.send(
                request(try batch(newcomer, sequence: 0, records: 1), acks: -1), version: WireVersions.produce)
            let next = try connection.send(
                request(try batch(newcomer, sequence: 1, records: 1), acks: 1), version: WireVersions.produce)
            #expect(try answer(connection, opening).errorCode == .notEnoughReplicas)
            let nextAnswer = try answer(connection, next)
            #expect(nextAnswer.errorCode == .notEnoughReplicas, "got \(nextAnswer.errorCode.name)")

            let end = try WireAdmin.fetch(connection, topic: "gapped", partition: 0, offset: 0).highWatermark
            #expect(end == 7, "exactly the seven records of the first producer's three batches are in the log")
        }

        static func batch(_ producer: InitProducerIdResponse, sequence: Int32, records: Int) throws -> ByteBuffer {
            var builder = RecordBatchBuilder(
                producer: .init(id: producer.producerId, epoch: producer.producerEpoch, baseSequence: sequence))
            for index in 0..<records {
                builder.append(
                    key: nil, value: ByteBuffer(string: "seq \(Int(sequence) + index)"), timestamp: 1_700_000_000_000)
            }
            return try #require(builder.build())
        }

        static func request(_ records: ByteBuffer, acks: Int16) -> ProduceRequest {
            ProduceRequest(
                acks: acks, timeoutMs: 5000,
                topicData: [.init(name: "gapped", partitionData: [.init(index: 0, records: records)])])
        }

        /// One produce, answered before the next is sent.
        static func produce(
            _ connection: WireConnection, _ records: ByteBuffer, acks: Int16
        ) throws -> ProduceResponse.PartitionProduceResponse {
            try answer(connection, try connection.send(request(records, acks: acks), version: WireVersions.produce))
        }

        static func answer(
            _ connection: WireConnection, _ correlationId: Int32
        ) throws -> ProduceResponse.PartitionProduceResponse {
            let response = try connection.receive(
                ProduceRequest.self, version: WireVersions.produce, correlationId: correlationId)
            return try #require(response.responses.first?.partitionResponses.first)
        }
    }
}
