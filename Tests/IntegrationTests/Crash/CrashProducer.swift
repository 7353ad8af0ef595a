import KafkaWire
import NIOCore
import SeededRandom

/// A pipelined producer for one partition, run on a thread of its own until the broker dies under it (or the ledger
/// says stop): windows of 4 produce requests in flight, each a batch of 1-6 unique records, every acknowledged
/// record recorded with the offset the broker gave it.
struct CrashProducer {
    let port: Int
    let topic: String
    let partition: Int32
    let acks: Int16
    let iteration: Int
    let ledger: CrashLedger
    var rng: SeededGenerator

    mutating func run() {
        guard let connection = try? WireConnection(port: port) else { return }
        defer { connection.close() }
        var sequence = 0
        while !ledger.shouldStop {
            var inFlight: [(correlationId: Int32, values: [[UInt8]])] = []
            for _ in 0..<4 {
                var builder = RecordBatchBuilder()
                var values: [[UInt8]] = []
                for _ in 0..<Int.random(in: 1...6, using: &rng) {
                    // Unique per record, with a random-length tail so batches straddle page and segment boundaries.
                    let value =
                        Array("\(topic)/\(partition)/\(iteration)/\(sequence)/".utf8)
                        + rng.bytes(Int.random(in: 0...400, using: &rng))
                    sequence += 1
                    values.append(value)
                    builder.append(key: nil, value: ByteBuffer(bytes: value), timestamp: 1_700_000_000_000)
                }
                ledger.recordSent(partition: partition, values: values)
                let request = ProduceRequest(
                    acks: acks, timeoutMs: 5000,
                    topicData: [
                        .init(name: topic, partitionData: [.init(index: partition, records: builder.build())])
                    ])
                guard let id = try? connection.send(request, version: WireVersions.produce) else { return }
                inFlight.append((id, values))
            }
            for (id, values) in inFlight {
                guard
                    let response = try? connection.receive(
                        ProduceRequest.self, version: WireVersions.produce,
                        correlationId: id, timeoutMillis: 10_000),
                    let answer = response.responses.first?.partitionResponses.first
                else { return }
                if answer.errorCode == .none {
                    ledger.recordAcknowledged(partition: partition, baseOffset: answer.baseOffset, values: values)
                } else {
                    ledger.recordError("\(answer.errorCode)")
                }
            }
        }
    }
}
