import KafkaWire
import NIOCore
import Testing

@Suite struct CRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    }

    @Test func bufferAndSequencePathsAgreeAtEveryLengthAndAlignment() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for start in 0..<9 {
            for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 200] {
                let slice = Array(bytes[start..<(start + length)])
                var buffer = ByteBuffer()
                buffer.writeBytes(bytes)
                #expect(CRC32C.checksum(buffer, at: start, length: length) == CRC32C.checksum(slice))
            }
        }
    }

    #if arch(x86_64)
    @Test func usesTheCPUInstructionOnThisMachine() {
        // Every x86-64 CPU since 2008 has SSE 4.2; a false here means the detection broke and the broker silently
        // pays ten times the CPU for its checksums.
        #expect(CRC32C.hardwareAvailable)
    }
    #endif

    @Test func largeBuffersAgreeWithTheByteAtATimeTable() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<100_003).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        #expect(CRC32C.checksum(ByteBuffer(bytes: bytes)) == CRC32C.checksum(bytes))
    }

    /// The instruction path cuts long inputs into blocks of three interleaved lanes (3 x 2048 and 3 x 256 bytes) and
    /// joins their CRCs; a wrong join shows only at or past a block's size, so check just below, at and above each,
    /// at several alignments, and continued from a non-zero running value.
    @Test(arguments: [767, 768, 769, 1535, 1536, 6143, 6144, 6145, 6144 + 768 + 7, 3 * 6144 + 2 * 768 + 13])
    func laneBlocksAgreeWithTheByteAtATimeTable(length: Int) {
        let bytes = (0..<(length + 3)).map { UInt8(truncatingIfNeeded: ($0 &* 131) ^ ($0 >> 7)) }
        for start in 0..<3 {
            let slice = Array(bytes[start..<(start + length)])
            var buffer = ByteBuffer()
            buffer.writeBytes(bytes)
            #expect(CRC32C.checksum(buffer, at: start, length: length) == CRC32C.checksum(slice))
            var continued = CRC32C()
            continued.update(slice[..<5])
            continued.update(ByteBuffer(bytes: slice[5...]))
            #expect(continued.value == CRC32C.checksum(slice))
        }
    }

    @Test func incrementalUpdateEqualsOneShot() {
        let bytes = Array("The quick brown fox jumps over the lazy dog".utf8)
        var crc = CRC32C()
        crc.update(ByteBuffer(bytes: bytes[0..<10]))
        crc.update(bytes[10...])
        #expect(crc.value == CRC32C.checksum(bytes))
    }

    @Test func outOfRangeIsNil() {
        let buffer = ByteBuffer(bytes: [1, 2, 3])
        #expect(CRC32C.checksum(buffer, at: 2, length: 5) == nil)
    }
}
