import NIOCore

/// Writers for Kafka's primitive types, the mirror image of `WireReader`.
extension ByteBuffer {
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? 1 : 0, as: Int8.self)
    }

    public mutating func writeKafkaFloat64(_ value: Double) {
        writeInteger(value.bitPattern)
    }

    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        writeInteger(value.mostSignificantBits)
        writeInteger(value.leastSignificantBits)
    }

    public mutating func writeUnsignedVarint(_ value: UInt32) {
        var rest = value
        while rest >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeInteger(UInt8(rest))
    }

    public mutating func writeUnsignedVarlong(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeInteger(UInt8(rest))
    }

    /// Zigzag-encoded signed varint.
    public mutating func writeVarint(_ value: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// Zigzag-encoded signed varlong.
    public mutating func writeVarlong(_ value: Int64) {
        writeUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// An empty tagged-field section: we never send tagged fields.
    public mutating func writeTaggedFields() {
        writeInteger(0, as: UInt8.self)
    }
}
