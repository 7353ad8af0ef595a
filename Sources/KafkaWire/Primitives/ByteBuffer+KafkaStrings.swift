import NIOCore

/// String and bytes writers. Kafka's int16 string length caps a string at 32767 UTF-8 bytes;
/// longer strings are cut at that many bytes rather than trapping (only our own values are written).
extension ByteBuffer {
    public mutating func writeKafkaString(_ value: String) {
        let utf8 = value.utf8.prefix(Int(Int16.max))
        writeInteger(Int16(utf8.count))
        writeBytes(utf8)
    }

    public mutating func writeKafkaNullableString(_ value: String?) {
        guard let value else {
            writeInteger(-1, as: Int16.self)
            return
        }
        writeKafkaString(value)
    }

    public mutating func writeCompactString(_ value: String) {
        writeUnsignedVarint(UInt32(value.utf8.count) + 1)
        writeString(value)
    }

    public mutating func writeCompactNullableString(_ value: String?) {
        guard let value else {
            writeUnsignedVarint(0)
            return
        }
        writeCompactString(value)
    }

    public mutating func writeKafkaBytes(_ value: ByteBuffer) {
        writeInteger(Int32(value.readableBytes))
        writeImmutableBuffer(value)
    }

    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?) {
        guard let value else {
            writeInteger(-1, as: Int32.self)
            return
        }
        writeKafkaBytes(value)
    }

    public mutating func writeCompactBytes(_ value: ByteBuffer) {
        writeUnsignedVarint(UInt32(value.readableBytes) + 1)
        writeImmutableBuffer(value)
    }

    public mutating func writeCompactNullableBytes(_ value: ByteBuffer?) {
        guard let value else {
            writeUnsignedVarint(0)
            return
        }
        writeCompactBytes(value)
    }
}
