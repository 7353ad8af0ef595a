/// Variable-length integers: unsigned varints (flexible-version lengths, tags) and zigzag-encoded
/// signed varints/varlongs (record fields).
extension WireReader {
    /// An unsigned LEB128 varint of at most 5 bytes.
    public mutating func readUnsignedVarint() throws -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<5 {
            let byte = UInt8(bitPattern: try readInt8())
            value |= UInt32(byte & 0x7f) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        throw WireError.invalidVarint
    }

    /// An unsigned LEB128 varlong of at most 10 bytes.
    public mutating func readUnsignedVarlong() throws -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<10 {
            let byte = UInt8(bitPattern: try readInt8())
            value |= UInt64(byte & 0x7f) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        throw WireError.invalidVarint
    }

    /// A zigzag-encoded signed 32-bit varint.
    public mutating func readVarint() throws -> Int32 {
        let raw = try readUnsignedVarint()
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A zigzag-encoded signed 64-bit varlong.
    public mutating func readVarlong() throws -> Int64 {
        let raw = try readUnsignedVarlong()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}
