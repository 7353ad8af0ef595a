import KafkaWire
import NIOCore

extension PartitionLog {
    /// The first record with timestamp >= `timestamp` (ListOffsets by time): the time index finds the segment
    /// and where to scan; the first batch with MaxTimestamp >= `timestamp` is then searched record by record
    /// when uncompressed (its base offset and max timestamp otherwise). Nil when no record is that recent.
    public func offset(forTimestamp timestamp: Int64) throws(LogReadError) -> (offset: Int64, timestamp: Int64)? {
        let found = try self.state.withLock { state throws(LogReadError) -> (SegmentReadPlan, Int64)? in
            guard !state.isClosed else { throw .kafkaStorageError("log \(self.directory) is closed") }
            guard let segment = state.segments.first(where: { $0.maxTimestamp >= timestamp && $0.size > 0 }) else {
                return nil
            }
            let plan = SegmentReadPlan(
                file: segment.file,
                startPosition: segment.scanPosition(forTimestamp: timestamp),
                end: segment.size
            )
            return (plan, state.logStartOffset)
        }
        guard let (plan, logStartOffset) = found else { return nil }
        do {
            var scanner = SegmentBatchScanner(file: plan.file, end: plan.end)
            var position = plan.startPosition
            while position < plan.end, let header = try scanner.header(at: position) {
                guard header.totalSize <= plan.end - position, header.length > 0 else { break }
                if header.maxTimestamp >= timestamp, header.lastOffset >= logStartOffset {
                    return try Self.firstRecord(
                        in: header,
                        at: position,
                        scanner: &scanner,
                        atOrAfter: timestamp,
                        logStartOffset: logStartOffset
                    )
                }
                position += header.totalSize
            }
            return nil
        } catch {
            throw .kafkaStorageError("\(error)")
        }
    }

    static func firstRecord(
        in header: RecordBatchHeader,
        at position: Int,
        scanner: inout SegmentBatchScanner,
        atOrAfter timestamp: Int64,
        logStartOffset: Int64
    ) throws(LogError) -> (offset: Int64, timestamp: Int64) {
        let fallback = (max(header.baseOffset, logStartOffset), header.maxTimestamp)
        guard header.compression == RecordBatchCompression.none, header.timestampType == .createTime,
            let batch = try scanner.bytes(at: position, count: header.totalSize),
            let records = try? RecordBatchDecoder.decodeRecords(of: header, in: batch, at: batch.readerIndex)
        else { return fallback }
        let match = records.first { $0.timestamp >= timestamp && $0.offset >= logStartOffset }
        return match.map { ($0.offset, $0.timestamp) } ?? fallback
    }
}
