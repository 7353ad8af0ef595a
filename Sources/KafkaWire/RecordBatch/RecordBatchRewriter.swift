import NIOCore

/// In-place edits of a batch the broker makes on append. BaseOffset and PartitionLeaderEpoch sit outside
/// the CRC, so rewriting them is cheap; a LogAppendTime stamp changes covered bytes and recomputes the CRC.
public enum RecordBatchRewriter {
    public static func setBaseOffset(_ offset: Int64, in buffer: inout ByteBuffer, at index: Int) {
        buffer.setInteger(offset, at: index + RecordBatchLayout.baseOffset)
    }

    public static func setPartitionLeaderEpoch(_ epoch: Int32, in buffer: inout ByteBuffer, at index: Int) {
        buffer.setInteger(epoch, at: index + RecordBatchLayout.partitionLeaderEpoch)
    }

    /// Marks the batch LogAppendTime, sets MaxTimestamp to `timestamp`, and recomputes the CRC.
    public static func setLogAppendTime(_ timestamp: Int64, in buffer: inout ByteBuffer, at index: Int) {
        let attributesIndex = index + RecordBatchLayout.attributes
        let attributes = buffer.getInteger(at: attributesIndex, as: Int16.self) ?? 0
        buffer.setInteger(attributes | RecordBatchAttributes.logAppendTimeBit, at: attributesIndex)
        buffer.setInteger(timestamp, at: index + RecordBatchLayout.maxTimestamp)
        Self.recomputeCRC(&buffer, at: index)
    }

    /// Recomputes and stores the CRC of the batch at `index` (its Length field must be right).
    public static func recomputeCRC(_ buffer: inout ByteBuffer, at index: Int) {
        guard let length = buffer.getInteger(at: index + RecordBatchLayout.length, as: Int32.self) else { return }
        let crcLength = Int(length) + RecordBatchLayout.logOverhead - RecordBatchLayout.crcStart
        guard let crc = CRC32C.checksum(buffer, at: index + RecordBatchLayout.crcStart, length: crcLength) else {
            return
        }
        buffer.setInteger(crc, at: index + RecordBatchLayout.crc)
    }
}
