import KafkaWire
import NIOCore
import Testing

/// Encodes `message` at `version`, decodes it back and expects the same value with no bytes left over.
func expectRoundTrip<M: KafkaMessage & Equatable>(
    _ message: M,
    version: Int16,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let encoded = encode(message, version: version)
    var reader = WireReader(encoded)
    let decoded = try M(from: &reader, version: version)
    try reader.expectEnd()
    #expect(decoded == message, "\(M.self) v\(version)", sourceLocation: sourceLocation)
}

func encode<M: KafkaMessage>(_ message: M, version: Int16) -> ByteBuffer {
    var buffer = ByteBuffer()
    message.encode(into: &buffer, version: version)
    return buffer
}

func bytes(_ text: String) -> ByteBuffer {
    ByteBuffer(string: text)
}

func bytes(_ values: [UInt8]) -> ByteBuffer {
    ByteBuffer(bytes: values)
}

func array(_ buffer: ByteBuffer) -> [UInt8] {
    Array(buffer.readableBytesView)
}

/// A tiny deterministic generator (SplitMix64) so fuzz loops are reproducible from their seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
