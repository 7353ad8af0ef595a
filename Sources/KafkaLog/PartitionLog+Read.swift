import KafkaWire
import NIOCore

/// Where a read goes, decided under the lock; the `pread`s happen after it is released.
struct SegmentReadPlan {
    let file: SegmentFile
    let startPosition: Int
    let end: Int
}

extension PartitionLog {
    /// Whole batches starting with the one that CONTAINS `offset` (a fetch into the middle of a batch returns
    /// that batch), at most `maxBytes` unless the first batch alone is larger (it is then returned whole), and
    /// only batches that end below `maxOffset` (exclusive: pass the high watermark for consumers, the log end
    /// for followers). Reads from one segment per call, as Kafka does. Empty at the log end.
    public func read(from offset: Int64, maxBytes: Int, upTo maxOffset: Int64) throws(LogReadError) -> ByteBuffer {
        let plan = try readPlan(from: offset, upTo: maxOffset)
        guard let plan else { return ByteBuffer() }
        do {
            return try Self.readBatches(
                plan,
                from: offset,
                maxBytes: maxBytes,
                upTo: maxOffset,
                indexIntervalBytes: self.config.indexIntervalBytes
            )
        } catch {
            throw .kafkaStorageError("\(error)")
        }
    }

    /// Like `read(from:maxBytes:upTo:)`, but the batches stay in the segment file: the answer sends them from it
    /// (`sendfile`). Nil at the log end.
    public func readInFile(
        from offset: Int64, maxBytes: Int, upTo maxOffset: Int64
    ) throws(LogReadError) -> (any FileBackedRecords)? {
        guard let plan = try readPlan(from: offset, upTo: maxOffset) else { return nil }
        do {
            return try Self.locateBatches(plan, from: offset, maxBytes: maxBytes, upTo: maxOffset)
        } catch {
            throw .kafkaStorageError("\(error)")
        }
    }

    /// Which segment a read of `offset` goes to, decided under the lock; nil when there is nothing to read.
    private func readPlan(from offset: Int64, upTo maxOffset: Int64) throws(LogReadError) -> SegmentReadPlan? {
        try self.state.withLock { state throws(LogReadError) -> SegmentReadPlan? in
            guard !state.isClosed else { throw .kafkaStorageError("log \(self.directory) is closed") }
            guard offset >= state.logStartOffset, offset <= state.logEndOffset else {
                throw .offsetOutOfRange(
                    requested: offset,
                    logStartOffset: state.logStartOffset,
                    logEndOffset: state.logEndOffset
                )
            }
            guard offset < state.logEndOffset, offset < maxOffset else { return nil }
            var index = state.segmentIndex(for: offset)
            // The offset may fall after a segment's last batch (a gap): continue in the next segment.
            while index < state.segments.count, offset >= state.segments[index].nextOffset { index += 1 }
            guard index < state.segments.count else { return nil }
            let segment = state.segments[index]
            return SegmentReadPlan(
                file: segment.file,
                startPosition: segment.scanPosition(for: offset),
                end: segment.size
            )
        }
    }

    private static func readBatches(
        _ plan: SegmentReadPlan,
        from offset: Int64,
        maxBytes: Int,
        upTo maxOffset: Int64,
        indexIntervalBytes: Int
    ) throws(LogError) -> ByteBuffer {
        // One chunk usually covers the skip from the index entry plus the answer.
        let chunk = min(max(maxBytes, 0), 64 << 20) + 2 * indexIntervalBytes + (64 << 10)
        var scanner = SegmentBatchScanner(file: plan.file, end: plan.end, chunkSize: chunk)
        guard let (position, first) = try firstBatch(holding: offset, plan, &scanner), first.lastOffset < maxOffset
        else { return ByteBuffer() }
        let want = min(plan.end - position, max(maxBytes, first.totalSize))
        guard let data = try scanner.bytes(at: position, count: want) else { return ByteBuffer() }
        // Keep whole batches that end below maxOffset.
        var cut = first.totalSize
        while let (baseOffset, length) = RecordBatchHeader.peekOffsetAndLength(data, at: data.readerIndex + cut),
            let lastOffsetDelta = data.getInteger(
                at: data.readerIndex + cut + RecordBatchLayoutSizes.lastOffsetDelta,
                as: Int32.self
            )
        {
            let total = Int(length) + RecordBatchLayoutSizes.logOverhead
            guard length > 0, total <= data.readableBytes - cut, baseOffset &+ Int64(lastOffsetDelta) < maxOffset
            else { break }
            cut += total
        }
        return data.getSlice(at: data.readerIndex, length: cut) ?? ByteBuffer()
    }

    /// The whole batches a read answers, found by their headers alone (one small `pread` per page of headers).
    private static func locateBatches(
        _ plan: SegmentReadPlan, from offset: Int64, maxBytes: Int, upTo maxOffset: Int64
    ) throws(LogError) -> SegmentRecords? {
        var scanner = SegmentBatchScanner(file: plan.file, end: plan.end, chunkSize: 4096)
        guard let (position, first) = try firstBatch(holding: offset, plan, &scanner), first.lastOffset < maxOffset
        else { return nil }
        let limit = min(plan.end - position, max(maxBytes, first.totalSize))
        var cut = first.totalSize
        while cut < limit, let header = try scanner.header(at: position + cut) {
            guard header.length > 0, header.totalSize <= limit - cut, header.lastOffset < maxOffset else { break }
            cut += header.totalSize
        }
        return SegmentRecords(file: plan.file, position: Int64(position), byteCount: cut)
    }

    /// Skips the batches that end before `offset`: the position and header of the first one that does not.
    private static func firstBatch(
        holding offset: Int64, _ plan: SegmentReadPlan, _ scanner: inout SegmentBatchScanner
    ) throws(LogError) -> (position: Int, header: RecordBatchHeader)? {
        var position = plan.startPosition
        while position < plan.end, let header = try scanner.header(at: position) {
            guard header.totalSize <= plan.end - position, header.length > 0 else { return nil }
            if header.lastOffset >= offset { return (position, header) }
            position += header.totalSize
        }
        return nil
    }
}
