import NIOCore

/// Zigzag varints as used inside RecordBatch v2 records (signed, unlike flexible-version unsigned varints).
/// Prefixed so they do not collide with the protocol codec's own helpers in this module.
enum RecordBatchVarint {
    /// Reads a zigzag varint of at most `maxBytes` bytes at `index`; returns the value and the bytes consumed.
    /// Nil when the bytes run out or the encoding is longer than allowed (hostile input).
    static func read(_ buffer: ByteBuffer, at index: Int, limit: Int, maxBytes: Int) -> (value: Int64, size: Int)? {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        var position = index
        while position < limit, position - index < maxBytes {
            guard let byte = buffer.getInteger(at: position, as: UInt8.self) else { return nil }
            raw |= UInt64(byte & 0x7F) << shift
            position += 1
            if byte & 0x80 == 0 {
                let value = Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
                return (value, position - index)
            }
            shift += 7
        }
        return nil
    }

    /// A 32-bit zigzag varint (at most 5 bytes), range-checked.
    static func readInt32(_ buffer: ByteBuffer, at index: Int, limit: Int) -> (value: Int32, size: Int)? {
        guard let (value, size) = read(buffer, at: index, limit: limit, maxBytes: 5),
            let narrow = Int32(exactly: value)
        else { return nil }
        return (narrow, size)
    }

    /// A 64-bit zigzag varint (at most 10 bytes).
    static func readInt64(_ buffer: ByteBuffer, at index: Int, limit: Int) -> (value: Int64, size: Int)? {
        read(buffer, at: index, limit: limit, maxBytes: 10)
    }

    /// Appends `value` as a zigzag varint.
    static func write(_ value: Int64, to buffer: inout ByteBuffer) {
        var raw = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while raw >= 0x80 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: raw) | 0x80)
            raw >>= 7
        }
        buffer.writeInteger(UInt8(truncatingIfNeeded: raw))
    }

    /// Encoded size of `value` as a zigzag varint.
    static func size(of value: Int64) -> Int {
        var raw = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while raw >= 0x80 {
            raw >>= 7
            size += 1
        }
        return size
    }
}
