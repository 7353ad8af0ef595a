import KafkaWire
import NIOCore
import Testing

@testable import Broker

@Suite struct RefusedProduceBatchesTests {
    static let producerId: Int64 = 42
    let refused = RefusedProduceBatches()
    let now = ContinuousClock.now

    func batch(sequence: Int32, idempotent: Bool = true) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(
            producer: idempotent ? .init(id: Self.producerId, epoch: 0, baseSequence: sequence) : nil)
        builder.append(key: nil, value: ByteBuffer(string: "v"), timestamp: 0)
        return try #require(builder.build())
    }

    func refuse(sequence: Int32, code: ErrorCode = .notLeaderOrFollower) throws {
        refused.record(topic: "t", partition: 0, records: try batch(sequence: sequence), code: code, now: now)
    }

    func explanation(
        expected: Int32, topic: String = "t", partition: Int32 = 0, epoch: Int16 = 0, producerId: Int64 = producerId,
        at instant: ContinuousClock.Instant? = nil
    ) -> RefusedProduceBatches.Refusal? {
        let gap = SequenceGap(producerId: producerId, expected: expected, received: expected + 1)
        return refused.refusal(
            causing: gap, topic: topic, partition: partition, producerEpoch: epoch, now: instant ?? now)
    }

    @Test func aGapStartingAtARefusedBatchIsExplainedByIt() throws {
        try refuse(sequence: 10, code: .notEnoughReplicas)
        #expect(explanation(expected: 10)?.code == .notEnoughReplicas)
    }

    @Test func otherGapsProducersPartitionsAndEpochsAreNotExplained() throws {
        try refuse(sequence: 10)
        #expect(explanation(expected: 9) == nil)
        #expect(explanation(expected: 10, partition: 1) == nil)
        #expect(explanation(expected: 10, topic: "u") == nil)
        #expect(explanation(expected: 10, epoch: 1) == nil)
        #expect(explanation(expected: 10, producerId: 7) == nil)
    }

    @Test func aRefusalExpires() throws {
        try refuse(sequence: 10)
        #expect(explanation(expected: 10, at: now + RefusedProduceBatches.lifetime) == nil)
        #expect(refused.count == 0, "an expired refusal is forgotten when looked up")
    }

    @Test func severalRefusalsOfOneProducerAreKept() throws {
        for sequence: Int32 in [10, 11, 12] { try refuse(sequence: sequence) }
        for expected: Int32 in [10, 11, 12] { #expect(explanation(expected: expected) != nil) }
        #expect(refused.count == 1)
    }

    @Test func batchesWithoutAnIdempotentProducerAreNotRemembered() throws {
        let plain = try batch(sequence: 0, idempotent: false)
        refused.record(topic: "t", partition: 0, records: plain, code: .notLeaderOrFollower, now: now)
        refused.record(topic: "t", partition: 0, records: ByteBuffer(string: "not a batch"), code: .notLeaderOrFollower, now: now)
        #expect(refused.count == 0)
    }
}
