import KafkaWire
import NIOCore
import Testing

@Suite("Primitives")
struct PrimitiveTests {
    static let unsignedCases: [(UInt32, [UInt8])] = [
        (0, [0x00]), (1, [0x01]), (127, [0x7f]), (128, [0x80, 0x01]), (300, [0xac, 0x02]),
        (UInt32.max, [0xff, 0xff, 0xff, 0xff, 0x0f]),
    ]

    static let zigzagCases: [(Int32, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (63, [0x7e]), (-64, [0x7f]),
        (64, [0x80, 0x01]), (Int32.min, [0xff, 0xff, 0xff, 0xff, 0x0f]),
    ]

    @Test("unsigned varints use LEB128", arguments: unsignedCases)
    func unsignedVarint(value: UInt32, expected: [UInt8]) throws {
        var buffer = ByteBuffer()
        buffer.writeUnsignedVarint(value)
        #expect(array(buffer) == expected)
        var reader = WireReader(buffer)
        #expect(try reader.readUnsignedVarint() == value)
        try reader.expectEnd()
    }

    @Test("zigzag varints map small magnitudes to small codes", arguments: zigzagCases)
    func zigzagVarint(value: Int32, expected: [UInt8]) throws {
        var buffer = ByteBuffer()
        buffer.writeVarint(value)
        #expect(array(buffer) == expected)
        var reader = WireReader(buffer)
        #expect(try reader.readVarint() == value)
    }

    @Test("varlongs round-trip at the extremes")
    func varlongExtremes() throws {
        for value in [Int64.min, -1, 0, 1, Int64.max, 1 << 40] {
            var buffer = ByteBuffer()
            buffer.writeVarlong(value)
            var reader = WireReader(buffer)
            #expect(try reader.readVarlong() == value)
            try reader.expectEnd()
        }
    }

    @Test("strings: classic, nullable, compact, compact nullable")
    func strings() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaString("héllo")
        buffer.writeKafkaNullableString(nil)
        buffer.writeCompactString("")
        buffer.writeCompactNullableString(nil)
        buffer.writeCompactNullableString("k")
        #expect(array(buffer) == [0x00, 0x06, 0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f, 0xff, 0xff, 0x01, 0x00, 0x02, 0x6b])
        var reader = WireReader(buffer)
        #expect(try reader.readString() == "héllo")
        #expect(try reader.readNullableString() == nil)
        #expect(try reader.readCompactString() == "")
        #expect(try reader.readCompactNullableString() == nil)
        #expect(try reader.readCompactNullableString() == "k")
        try reader.expectEnd()
    }

    @Test("bytes, arrays, uuid, bool, float64 round-trip")
    func otherTypes() throws {
        let uuid = KafkaUUID(mostSignificantBits: 0x0123_4567_89ab_cdef, leastSignificantBits: 42)
        var buffer = ByteBuffer()
        buffer.writeKafkaBytes(bytes("abc"))
        buffer.writeKafkaNullableBytes(nil)
        buffer.writeCompactBytes(bytes("z"))
        buffer.writeCompactNullableBytes(nil)
        buffer.writeInt32Array([1, -2])
        buffer.writeNullableStringArray(nil)
        buffer.writeKafkaUUID(uuid)
        buffer.writeKafkaBool(true)
        buffer.writeKafkaFloat64(2.5)
        buffer.writeTaggedFields()
        var reader = WireReader(buffer)
        #expect(try reader.readBytes() == bytes("abc"))
        #expect(try reader.readNullableBytes() == nil)
        #expect(try reader.readCompactBytes() == bytes("z"))
        #expect(try reader.readCompactNullableBytes() == nil)
        #expect(try reader.readInt32Array() == [1, -2])
        #expect(try reader.readNullableStringArray() == nil)
        #expect(try reader.readUUID() == uuid)
        #expect(try reader.readBool())
        #expect(try reader.readFloat64() == 2.5)
        #expect(try reader.readTaggedFields().isEmpty)
        try reader.expectEnd()
    }

    @Test("unknown tagged fields are read as slices and skipped")
    func taggedFields() throws {
        // Two fields: tag 0 with 2 bytes, tag 5 with 0 bytes; then an int8 that must still be readable.
        var reader = WireReader(bytes([0x02, 0x00, 0x02, 0xaa, 0xbb, 0x05, 0x00, 0x7f]))
        let fields = try reader.readTaggedFields()
        #expect(fields == [TaggedField(tag: 0, value: bytes([0xaa, 0xbb])), TaggedField(tag: 5, value: bytes([]))])
        #expect(try reader.readInt8() == 0x7f)
    }

    @Test("expectEnd reports leftover bytes")
    func trailingBytes() throws {
        var reader = WireReader(bytes([0x00, 0x01, 0x02]))
        _ = try reader.readInt16()
        #expect(throws: WireError.trailingBytes(1)) { try reader.expectEnd() }
    }

    @Test("errors describe themselves")
    func errorDescriptions() {
        #expect(WireError.truncated(needed: 4, remaining: 1).description == "truncated input: needed 4 bytes, 1 remain")
        #expect(WireError.invalidUTF8.description.contains("UTF-8"))
    }
}
