import KafkaWire
import NIOCore
import SeededRandom
import Testing

/// Bad input must produce a `WireError`, never a crash, a hang or a huge allocation.
@Suite("Hostile input")
struct HostileInputTests {
    @Test("every truncation of a valid encoding throws", arguments: MessageCatalog.all)
    func truncationsThrow(_ message: MessageCase) {
        for version in [message.versions.lowerBound, message.versions.upperBound] {
            let full = message.sampleBytes(version)
            for length in 0..<full.readableBytes {
                guard let prefix = full.getSlice(at: full.readerIndex, length: length) else { continue }
                #expect(throws: WireError.self, "\(message) v\(version) cut at \(length)") {
                    try message.decode(prefix, version)
                }
            }
        }
    }

    @Test("absurd array counts fail before allocating")
    func absurdArrayCount() {
        var reader = WireReader(bytes([0x7f, 0xff, 0xff, 0xff] + Array(repeating: 0, count: 10)))
        #expect(throws: WireError.lengthTooLarge(length: Int(Int32.max), remaining: 10)) {
            _ = try reader.readArray { reader in try reader.readInt8() }
        }
        // A produce request claiming 2^31-1 topics.
        var produce = WireReader(bytes([0xff, 0xff, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x7f, 0xff, 0xff, 0xff, 0x00]))
        #expect(throws: WireError.lengthTooLarge(length: Int(Int32.max), remaining: 1)) {
            _ = try ProduceRequest(from: &produce, version: 3)
        }
        // Int32 elements need four bytes each: 3 of them cannot fit in 11 bytes.
        var ints = WireReader(bytes([0x00, 0x00, 0x00, 0x03] + Array(repeating: 0, count: 11)))
        #expect(throws: WireError.lengthTooLarge(length: 3, remaining: 11)) { _ = try ints.readInt32Array() }
    }

    @Test("absurd compact counts and tagged-field counts fail fast")
    func absurdCompactCounts() {
        var compact = WireReader(bytes([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]))
        #expect(throws: WireError.self) { _ = try compact.readArray(compact: true) { reader in try reader.readInt8() } }
        var tags = WireReader(bytes([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00]))
        #expect(throws: WireError.self) { try tags.skipTaggedFields() }
        var tagSize = WireReader(bytes([0x01, 0x00, 0xff, 0xff, 0x03]))
        #expect(throws: WireError.self) { try tagSize.skipTaggedFields() }
    }

    @Test("oversized and negative lengths throw the matching error")
    func badLengths() {
        var string = WireReader(bytes([0x7f, 0xff, 0x61, 0x62, 0x63]))
        #expect(throws: WireError.lengthTooLarge(length: 32767, remaining: 3)) { _ = try string.readString() }
        var negativeString = WireReader(bytes([0xff, 0xfe, 0x61]))
        #expect(throws: WireError.negativeLength(-2)) { _ = try negativeString.readNullableString() }
        var nullString = WireReader(bytes([0xff, 0xff]))
        #expect(throws: WireError.unexpectedNull) { _ = try nullString.readString() }
        var negativeBytes = WireReader(bytes([0xff, 0xff, 0xff, 0xfb]))
        #expect(throws: WireError.negativeLength(-5)) { _ = try negativeBytes.readNullableBytes() }
        var hugeBytes = WireReader(bytes([0x7f, 0xff, 0xff, 0xff, 0x00]))
        #expect(throws: WireError.lengthTooLarge(length: Int(Int32.max), remaining: 1)) {
            _ = try hugeBytes.readBytes()
        }
        var negativeCount = WireReader(bytes([0xff, 0xff, 0xff, 0xf0]))
        #expect(throws: WireError.negativeLength(-16)) { _ = try negativeCount.readInt32Array() }
    }

    @Test("overlong varints and invalid UTF-8 are rejected")
    func badEncodings() {
        var varint = WireReader(bytes([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))
        #expect(throws: WireError.invalidVarint) { _ = try varint.readUnsignedVarint() }
        var varlong = WireReader(bytes(Array(repeating: 0x80, count: 11)))
        #expect(throws: WireError.invalidVarint) { _ = try varlong.readVarlong() }
        var utf8 = WireReader(bytes([0x00, 0x02, 0xc3, 0x28]))
        #expect(throws: WireError.invalidUTF8) { _ = try utf8.readString() }
    }

    @Test("10,000 random inputs never crash any decoder")
    func randomBytes() {
        var generator = SeededGenerator(seed: 0x6b61_666b_61)
        let cases = MessageCatalog.all
        for _ in 0..<10_000 {
            let length = Int.random(in: 0...48, using: &generator)
            let input = ByteBuffer(bytes: (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let message = cases[Int.random(in: 0..<cases.count, using: &generator)]
            let version = Int16.random(in: message.versions, using: &generator)
            _ = try? message.decode(input, version)
            var header = WireReader(input)
            _ = try? RequestHeader(from: &header)
        }
    }

    @Test("10,000 mutations of valid encodings never crash any decoder")
    func mutatedEncodings() {
        var generator = SeededGenerator(seed: 0x77_6972_65)
        let cases = MessageCatalog.all
        for _ in 0..<10_000 {
            let message = cases[Int.random(in: 0..<cases.count, using: &generator)]
            let version = Int16.random(in: message.versions, using: &generator)
            var bytes = Array(message.sampleBytes(version).readableBytesView)
            guard !bytes.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? message.decode(ByteBuffer(bytes: bytes), version)
        }
    }
}
