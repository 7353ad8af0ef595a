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
