import NIOCore

/// A cursor over the bytes of one Kafka message that never trusts them.
///
/// Every read checks the remaining bytes first and throws `WireError` instead of trapping, and every
/// length or count is checked against what remains BEFORE anything is allocated, so a hostile
/// "2^31 elements" header costs nothing.
public struct WireReader {
    /// The unread bytes (reader index at the next field).
    public internal(set) var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) {
        self.buffer = buffer
    }

    /// Bytes not yet consumed.
    public var remaining: Int { buffer.readableBytes }

    /// Throws `WireError.trailingBytes` unless every byte was consumed.
    public func expectEnd() throws {
        if remaining > 0 { throw WireError.trailingBytes(remaining) }
    }

    /// Throws `WireError.truncated` unless `count` bytes remain.
    public func require(_ count: Int) throws {
        if count > buffer.readableBytes {
            throw WireError.truncated(needed: count, remaining: buffer.readableBytes)
        }
    }

    mutating func readFixed<T: FixedWidthInteger>(_: T.Type) throws -> T {
        try require(MemoryLayout<T>.size)
        guard let value = buffer.readInteger(endianness: .big, as: T.self) else {
            throw WireError.truncated(needed: MemoryLayout<T>.size, remaining: remaining)
        }
        return value
    }

    public mutating func readInt8() throws -> Int8 { try readFixed(Int8.self) }
    public mutating func readInt16() throws -> Int16 { try readFixed(Int16.self) }
    public mutating func readInt32() throws -> Int32 { try readFixed(Int32.self) }
    public mutating func readInt64() throws -> Int64 { try readFixed(Int64.self) }
    public mutating func readUInt32() throws -> UInt32 { try readFixed(UInt32.self) }

    /// Kafka treats any non-zero byte as true.
    public mutating func readBool() throws -> Bool { try readInt8() != 0 }

    public mutating func readFloat64() throws -> Double {
        Double(bitPattern: try readFixed(UInt64.self))
    }

    public mutating func readUUID() throws -> KafkaUUID {
        let high = try readFixed(UInt64.self)
        let low = try readFixed(UInt64.self)
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    /// Consumes `count` bytes without looking at them.
    public mutating func skip(_ count: Int) throws {
        guard count >= 0 else { throw WireError.negativeLength(count) }
        try require(count)
        buffer.moveReaderIndex(forwardBy: count)
    }

    /// Takes the next `count` bytes as a slice sharing storage with the input (no copy).
    public mutating func readSlice(_ count: Int) throws -> ByteBuffer {
        guard count >= 0 else { throw WireError.negativeLength(count) }
        guard count <= remaining else { throw WireError.lengthTooLarge(length: count, remaining: remaining) }
        guard let slice = buffer.readSlice(length: count) else {
            throw WireError.truncated(needed: count, remaining: remaining)
        }
        return slice
    }
}
