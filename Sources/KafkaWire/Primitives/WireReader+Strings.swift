/// Strings: classic (int16 length, -1 = null) and compact (unsigned varint length + 1, 0 = null).
extension WireReader {
    public mutating func readString() throws -> String {
        guard let string = try readNullableString() else { throw WireError.unexpectedNull }
        return string
    }

    public mutating func readNullableString() throws -> String? {
        let length = Int(try readInt16())
        if length == -1 { return nil }
        return try readUTF8(length: length)
    }

    public mutating func readCompactString() throws -> String {
        guard let string = try readCompactNullableString() else { throw WireError.unexpectedNull }
        return string
    }

    public mutating func readCompactNullableString() throws -> String? {
        let lengthPlusOne = Int(try readUnsignedVarint())
        if lengthPlusOne == 0 { return nil }
        return try readUTF8(length: lengthPlusOne - 1)
    }

    /// Reads `length` bytes and validates them as UTF-8 without an intermediate array.
    mutating func readUTF8(length: Int) throws -> String {
        guard length >= 0 else { throw WireError.negativeLength(length) }
        guard length <= remaining else { throw WireError.lengthTooLarge(length: length, remaining: remaining) }
        let bytes = buffer.readableBytesView.prefix(length)
        guard let string = String(validating: bytes, as: UTF8.self) else { throw WireError.invalidUTF8 }
        buffer.moveReaderIndex(forwardBy: length)
        return string
    }
}
