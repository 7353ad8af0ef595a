import KafkaWire
import NIOCore
import Testing

/// Records written by a well-behaved client (acks=1) whose acknowledged offsets and values are remembered, so that
/// a later read can prove they are all still there.
struct KnownRecords: Sendable {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// partition -> offset -> value, as acknowledged.
    var acknowledged: [Int32: [Int64: [UInt8]]] = [:]

    static func write(port: Int, topic: String, partitions: Int32 = 2, batches: Int = 40) throws -> KnownRecords {
        let connection = try WireConnection(port: port)
        defer { connection.close() }
        var known = KnownRecords()
        for batchIndex in 0..<batches {
            let partition = Int32(batchIndex) % partitions
            var builder = RecordBatchBuilder()
            var values: [[UInt8]] = []
            for recordIndex in 0..<(1 + batchIndex % 7) {
                let value =
                    Array("\(topic)/\(partition)/\(batchIndex)/\(recordIndex)/".utf8)
                    + (0..<(batchIndex * 13 % 200)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ batchIndex) }
                values.append(value)
                builder.append(
                    key: ByteBuffer(string: "k\(recordIndex)"), value: ByteBuffer(bytes: value),
                    timestamp: 1_700_000_000_000 + Int64(batchIndex))
            }
            let request = ProduceRequest(
                acks: 1, timeoutMs: 10_000,
                topicData: [
                    .init(name: topic, partitionData: [.init(index: partition, records: builder.build())])
                ])
            let response = try connection.call(request, version: WireVersions.produce)
            guard let answer = response.responses.first?.partitionResponses.first, answer.errorCode == .none else {
                throw Missing(description: "produce to \(topic)-\(partition) failed: \(response)")
            }
            for (index, value) in values.enumerated() {
                known.acknowledged[partition, default: [:]][answer.baseOffset + Int64(index)] = value
            }
        }
        return known
    }

    static func read(port: Int, topic: String, partitions: Int32) throws -> [Int32: PartitionContents] {
        var result: [Int32: PartitionContents] = [:]
        for partition in 0..<partitions {
            result[partition] = try PartitionContents.read(port: port, topic: topic, partition: partition)
        }
        return result
    }

    /// Every acknowledged record is present at its offset with its value, and the partitions read cleanly.
    func expectPresent(in contents: [Int32: PartitionContents]) throws {
        for (partition, records) in acknowledged {
            let read = try #require(contents[partition])
            #expect(read.problems.isEmpty, "\(read.problems)")
            let missing = records.filter { read.values[$0.key] != $0.value }.keys.sorted()
            #expect(
                missing.isEmpty,
                "partition \(partition): acknowledged offsets missing or changed: \(missing.prefix(20))")
        }
    }
}
