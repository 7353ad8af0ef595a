import NIOCore
import SeededRandom
import Testing

@testable import Broker

@Suite struct FrameAssemblyTests {
    private func frame(_ payload: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(payload.count))
        buffer.writeBytes(payload)
        return buffer
    }

    /// Feeds `stream` cut into the given read sizes; returns the frames that came out.
    private func assemble(_ stream: ByteBuffer, reads: [Int], limit: Int = 1 << 20) throws -> [ByteBuffer] {
        var assembly = FrameAssembly(maxFrameBytes: limit)
        var rest = stream
        var frames: [ByteBuffer] = []
        for size in reads {
            guard let read = rest.readSlice(length: min(size, rest.readableBytes)) else { break }
            try assembly.feed(read) { frames.append($0) }
        }
        #expect(rest.readableBytes == 0)
        return frames
    }

    @Test func splitsFramesWhateverTheChunking() throws {
        let payloads: [[UInt8]] = [[1, 2, 3], [], Array(repeating: 9, count: 300), [7], Array(0...255), []]
        var stream = ByteBuffer()
        for payload in payloads { stream.writeImmutableBuffer(frame(payload)) }
        var random = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            var reads: [Int] = []
            var total = 0
            while total < stream.readableBytes {
                let size = Int(random.next() % 40) + 1
                reads.append(size)
                total += size
            }
            let frames = try assemble(stream, reads: reads)
            #expect(frames.map { Array($0.readableBytesView) } == payloads, "reads \(reads)")
        }
        // One byte at a time (every split of the size prefix) and everything in one read.
        #expect(try assemble(stream, reads: Array(repeating: 1, count: stream.readableBytes)).count == payloads.count)
        #expect(try assemble(stream, reads: [stream.readableBytes]).count == payloads.count)
    }

    @Test func aFrameWholeWithinOneReadIsASliceOfItNotACopy() throws {
        let read = frame(Array(repeating: 5, count: 4096))
        var assembly = FrameAssembly(maxFrameBytes: 1 << 20)
        var frames: [ByteBuffer] = []
        try assembly.feed(read) { frames.append($0) }
        let readStart = read.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let frameStart = try #require(frames.first).withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(frameStart == readStart + 4)
    }

    @Test func aFrameSpreadOverReadsIsAssembledInABufferOfItsExactSize() throws {
        let stream = frame(Array(repeating: 3, count: 10_000))
        let frames = try assemble(stream, reads: [4, 1000, 5000, 4000])
        let assembled = try #require(frames.first)
        #expect(assembled.readableBytes == 10_000)
        #expect(assembled.capacity == ByteBufferAllocator().buffer(capacity: 10_000).capacity)  // allocated once, never grown
    }

    @Test func refusesNegativeSizes() {
        var assembly = FrameAssembly(maxFrameBytes: 1024)
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(-5))
        #expect(throws: FrameError.self) { try assembly.feed(buffer) { _ in } }
    }

    @Test func refusesOversizeFramesBeforeBufferingThem() {
        var assembly = FrameAssembly(maxFrameBytes: 1024)
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32.max)
        #expect(throws: FrameError.self) { try assembly.feed(buffer) { _ in } }
        // A size split across reads is checked too, once complete.
        var split = FrameAssembly(maxFrameBytes: 1024)
        #expect(throws: Never.self) { try split.feed(ByteBuffer(bytes: [0x7f, 0xff])) { _ in } }
        #expect(throws: FrameError.self) { try split.feed(ByteBuffer(bytes: [0xff, 0xff])) { _ in } }
    }

    @Test func remembersAnUnfinishedFrame() throws {
        var assembly = FrameAssembly(maxFrameBytes: 1024)
        #expect(!assembly.holdsPartialFrame)
        try assembly.feed(ByteBuffer(bytes: [0, 0])) { _ in }
        #expect(assembly.holdsPartialFrame)
        try assembly.feed(ByteBuffer(bytes: [0, 2, 1])) { _ in }
        #expect(assembly.holdsPartialFrame)
        var frames: [ByteBuffer] = []
        try assembly.feed(ByteBuffer(bytes: [2])) { frames.append($0) }
        #expect(!assembly.holdsPartialFrame)
        #expect(frames == [ByteBuffer(bytes: [1, 2])])
    }
}
