import Broker
import KafkaWire
import NIOCore

/// Reads one replica's log of a partition over the Kafka protocol, as Kafka's debugging consumer does: Fetch with
/// ReplicaId = -2, which any replica (leader or follower) answers from its own log up to its log end.
enum ReplicaReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let fetchBytes: Int32 = 1 << 20

    /// Batches from the log start up to at least `limit` (or the replica's end, if it has less); every batch is
    /// validated (CRC-32C, framing) on the way, so a damaged copy is a failure, not a silent difference.
    static func read(
        host: String, port: Int, broker: Int32, topic: String, partition: Int32, upTo limit: Int64?,
        timeout: Duration
    ) async throws -> ReplicaLog {
        try await LeaderConnection.with(
            host: host, port: port, clientId: "kafkalab-verify-replicas", maxFrameBytes: 64 << 20,
            connectTimeout: timeout
        ) { connection in
            var log = ReplicaLog(broker: broker, logStartOffset: 0, highWatermark: 0, batches: [])
            var offset: Int64 = 0
            var first = true
            while true {
                let data = try await fetch(&connection, topic: topic, partition: partition, offset: offset, timeout)
                if data.errorCode == .offsetOutOfRange && first && data.logStartOffset > offset {
                    offset = data.logStartOffset
                    first = false
                    continue
                }
                guard data.errorCode == .none else {
                    throw Failure(description: "broker \(broker) answered \(data.errorCode) at offset \(offset)")
                }
                if first { log.logStartOffset = max(0, data.logStartOffset) }
                first = false
                log.highWatermark = data.highWatermark
                let before = log.batches.count
                if let records = data.records { try absorb(records, into: &log, broker: broker) }
                guard log.batches.count > before else { break }
                offset = log.endOffset
                if let limit, offset >= limit { break }
            }
            return log
        }
    }

    private static func fetch(
        _ connection: inout LeaderConnection, topic: String, partition: Int32, offset: Int64, _ timeout: Duration
    ) async throws -> FetchResponse.PartitionData {
        let request = FetchRequest(
            replicaId: FetchRequest.debuggingReplicaId, maxWaitMs: 0, minBytes: 0, maxBytes: fetchBytes,
            topics: [
                .init(
                    topic: topic,
                    partitions: [.init(partition: partition, fetchOffset: offset, partitionMaxBytes: fetchBytes)])
            ])
        let response = try await connection.send(request, version: 11, timeout: timeout)
        guard let data = response.responses.first(where: { $0.topic == topic })?.partitions
            .first(where: { $0.partitionIndex == partition })
        else { throw Failure(description: "the answer has no \(topic)-\(partition)") }
        return data
    }

    /// Appends the whole batches of one answer (a cut-off last batch is fetched again whole).
    private static func absorb(_ records: ByteBuffer, into log: inout ReplicaLog, broker: Int32) throws {
        var index = records.readerIndex
        while let (baseOffset, length) = RecordBatchHeader.peekOffsetAndLength(records, at: index) {
            guard length >= 0 else { throw Failure(description: "batch at \(baseOffset) has length \(length)") }
            let total = Int(length) + 12
            guard index + total <= records.writerIndex else { break }
            let header: RecordBatchHeader
            do {
                header = try RecordBatchHeader.validate(in: records, at: index, requireDenseOffsets: false)
            } catch {
                throw Failure(description: "broker \(broker): batch at offset \(baseOffset) is invalid: \(error)")
            }
            if header.nextOffset <= log.endOffset && !log.batches.isEmpty {
                throw Failure(description: "broker \(broker): batch \(header.baseOffset) goes backwards")
            }
            log.batches.append(
                ReplicaBatch(
                    baseOffset: header.baseOffset, lastOffset: header.lastOffset,
                    bytes: records.getBytes(at: index, length: total) ?? []))
            index += total
        }
    }
}
