import KafkaWire
import NIOCore

/// Binary snapshot of producer state as of a log offset, in `<20-digit offset>.snapshot`. Layout: magic
/// "KLPS", version u8, offset i64, producer count i32, then per producer: id i64, epoch i16, batch count u8,
/// batches (firstSeq i32, lastSeq i32, firstOffset i64, lastOffset i64); a CRC-32C of all that ends the file.
enum ProducerStateSnapshot {
    private static let magic: UInt32 = 0x4B4C_5053  // "KLPS"
    private static let version: UInt8 = 0

    static func encode(_ producers: [Int64: ProducerEntry], offset: Int64) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.magic)
        buffer.writeInteger(Self.version)
        buffer.writeInteger(offset)
        buffer.writeInteger(Int32(producers.count))
        for (producerId, entry) in producers.sorted(by: { $0.key < $1.key }) {
            buffer.writeInteger(producerId)
            buffer.writeInteger(entry.epoch)
            buffer.writeInteger(UInt8(entry.batches.count))
            for batch in entry.batches {
                buffer.writeInteger(batch.firstSequence)
                buffer.writeInteger(batch.lastSequence)
                buffer.writeInteger(batch.firstOffset)
                buffer.writeInteger(batch.lastOffset)
            }
        }
        buffer.writeInteger(CRC32C.checksum(buffer))
        return buffer
    }

    /// Nil for anything malformed or with a bad checksum: the caller then rebuilds from the log.
    static func decode(_ bytes: ByteBuffer) -> (offset: Int64, producers: [Int64: ProducerEntry])? {
        guard bytes.readableBytes >= 4 + 1 + 8 + 4 + 4,
            let body = bytes.getSlice(at: bytes.readerIndex, length: bytes.readableBytes - 4),
            let storedCRC = bytes.getInteger(at: bytes.writerIndex - 4, as: UInt32.self),
            CRC32C.checksum(body) == storedCRC
        else { return nil }
        var reader = body
        guard reader.readInteger(as: UInt32.self) == Self.magic, reader.readInteger(as: UInt8.self) == Self.version,
            let offset = reader.readInteger(as: Int64.self), let count = reader.readInteger(as: Int32.self),
            count >= 0, Int(count) <= reader.readableBytes / 11
        else { return nil }
        var producers: [Int64: ProducerEntry] = [:]
        for _ in 0..<count {
            guard let producerId = reader.readInteger(as: Int64.self), let epoch = reader.readInteger(as: Int16.self),
                let batchCount = reader.readInteger(as: UInt8.self), batchCount <= ProducerEntry.retainedBatches
            else { return nil }
            var entry = ProducerEntry(epoch: epoch, batches: [])
            for _ in 0..<batchCount {
                guard let first = reader.readInteger(as: Int32.self), let last = reader.readInteger(as: Int32.self),
                    let firstOffset = reader.readInteger(as: Int64.self),
                    let lastOffset = reader.readInteger(as: Int64.self)
                else { return nil }
                entry.add(
                    ProducerBatchMetadata(
                        firstSequence: first,
                        lastSequence: last,
                        firstOffset: firstOffset,
                        lastOffset: lastOffset
                    )
                )
            }
            producers[producerId] = entry
        }
        guard reader.readableBytes == 0 else { return nil }
        return (offset, producers)
    }
}
