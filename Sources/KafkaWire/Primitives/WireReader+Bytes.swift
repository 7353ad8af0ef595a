import NIOCore

/// Byte fields. They come back as slices of the input buffer: record sets are never copied.
extension WireReader {
    public mutating func readBytes() throws -> ByteBuffer {
        guard let bytes = try readNullableBytes() else { throw WireError.unexpectedNull }
        return bytes
    }

    public mutating func readNullableBytes() throws -> ByteBuffer? {
        let length = Int(try readInt32())
        if length == -1 { return nil }
        return try readSlice(length)
    }

    public mutating func readCompactBytes() throws -> ByteBuffer {
        guard let bytes = try readCompactNullableBytes() else { throw WireError.unexpectedNull }
        return bytes
    }

    public mutating func readCompactNullableBytes() throws -> ByteBuffer? {
        let lengthPlusOne = Int(try readUnsignedVarint())
        if lengthPlusOne == 0 { return nil }
        return try readSlice(lengthPlusOne - 1)
    }
}
