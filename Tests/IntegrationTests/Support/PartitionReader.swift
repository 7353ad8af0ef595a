import KafkaWire
import NIOCore

/// Reads a whole partition back (offset 0 up to the high watermark) and checks it the way a careful consumer
/// would: every batch passes full RecordBatch v2 validation (CRC, counts, record framing), batches follow each
/// other without gaps or overlaps, and each record's value is returned by absolute offset.
struct PartitionContents {
    var highWatermark: Int64 = 0
    var logStartOffset: Int64 = 0
    /// The fetched batches' exact bytes, concatenated.
    var rawBatches: [UInt8] = []
    var values: [Int64: [UInt8]] = [:]
    var batchCount = 0
    /// Anything a careful consumer would reject; empty for a healthy partition.
    var problems: [String] = []

    static func read(port: Int, topic: String, partition: Int32) throws -> PartitionContents {
        let connection = try WireConnection(port: port)
        defer { connection.close() }
        var contents = PartitionContents()
        var offset: Int64 = 0
        var first = true
        while true {
            let data = try WireAdmin.fetch(connection, topic: topic, partition: partition, offset: offset)
            if data.errorCode == .offsetOutOfRange && first && data.logStartOffset > 0 {
                offset = data.logStartOffset
                first = false
                continue
            }
            guard data.errorCode == .none else {
                throw WireAdmin.Failure(description: "fetch \(topic)-\(partition) @\(offset): \(data.errorCode)")
            }
            if first { contents.logStartOffset = max(0, data.logStartOffset) }
            first = false
            contents.highWatermark = data.highWatermark
            guard offset < data.highWatermark, let records = data.records, records.readableBytes > 0 else { break }
            let next = contents.absorb(records, expectedOffset: offset, topicPartition: "\(topic)-\(partition)")
            guard next > offset, contents.problems.isEmpty else { break }
            offset = next
        }
        return contents
    }

    /// Validates and decodes the batches of one fetch answer; returns the offset after the last whole batch.
    private mutating func absorb(_ records: ByteBuffer, expectedOffset: Int64, topicPartition: String) -> Int64 {
        var index = records.readerIndex
        var next = expectedOffset
        while let (baseOffset, length) = RecordBatchHeader.peekOffsetAndLength(records, at: index) {
            let total = Int(length) + 12
            // A partial batch may end a fetch answer (it was cut at max bytes); it is fetched again whole.
            guard length >= 0, index + total <= records.writerIndex else { break }
            let header: RecordBatchHeader
            do {
                header = try RecordBatchHeader.validate(in: records, at: index, requireDenseOffsets: true)
            } catch {
                problems.append("\(topicPartition): batch at offset \(baseOffset) is invalid: \(error)")
                return next
            }
            if header.baseOffset != next && !(batchCount == 0 && header.baseOffset < next && header.nextOffset > next) {
                problems.append(
                    "\(topicPartition): batch at offset \(header.baseOffset), expected \(next) "
                        + "(gap or overlap)")
                return next
            }
            do {
                for record in try RecordBatchDecoder.decodeRecords(of: header, in: records, at: index) {
                    values[record.offset] = record.value.map { Array($0.readableBytesView) } ?? []
                }
            } catch {
                problems.append("\(topicPartition): records of batch \(header.baseOffset) do not decode: \(error)")
                return next
            }
            rawBatches += records.getBytes(at: index, length: total) ?? []
            batchCount += 1
            next = header.nextOffset
            index += total
        }
        return next
    }
}
