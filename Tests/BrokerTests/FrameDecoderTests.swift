import NIOCore
import NIOTestUtils
import Testing

@testable import Broker

@Suite struct FrameDecoderTests {
    private func frame(_ payload: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(payload.count))
        buffer.writeBytes(payload)
        return buffer
    }

    @Test func splitsFramesWhateverTheChunking() throws {
        let inputs: [(ByteBuffer, [ByteBuffer])] = [
            (frame([1, 2, 3]), [ByteBuffer(bytes: [1, 2, 3])]),
            (frame([]), [ByteBuffer()]),
            (frame(Array(repeating: 9, count: 300)), [ByteBuffer(bytes: Array(repeating: 9, count: 300))]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: inputs) {
            FrameDecoder(maxFrameBytes: 1024)
        }
    }

    @Test func refusesNegativeSizes() {
        let decoder = FrameDecoder(maxFrameBytes: 1024)
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(-5))
        #expect(throws: FrameError.self) { try decoder.decode(buffer: &buffer) }
    }

    @Test func refusesOversizeFramesBeforeBufferingThem() {
        let decoder = FrameDecoder(maxFrameBytes: 1024)
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32.max)
        #expect(throws: FrameError.self) { try decoder.decode(buffer: &buffer) }
    }
}
