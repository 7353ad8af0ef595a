import Foundation
import KafkaWire
import NIOCore
import SeededRandom

/// What a crash can leave at the end of a segment, written by the test into a dead broker's newest segment so that
/// recovery must find and cut it: half a batch, a whole batch whose CRC does not match, or plain garbage.
enum TornTail: CaseIterable {
    case partialBatch, badCRCBatch, garbage

    /// Appends the damage to the newest `.log` file of `partitionDirectory`; returns how many bytes were added.
    static func append(_ kind: TornTail, to partitionDirectory: String, using rng: inout SeededGenerator) throws -> Int {
        let files = try FileManager.default.contentsOfDirectory(atPath: partitionDirectory)
        guard let newest = files.filter({ $0.hasSuffix(".log") }).sorted().last else {
            throw WireAdmin.Failure(description: "no segment in \(partitionDirectory)")
        }
        var builder = RecordBatchBuilder(baseOffset: 1 << 40)
        builder.append(key: nil, value: ByteBuffer(bytes: rng.bytes(200)), timestamp: 1_700_000_000_000)
        var batch = Array(builder.build()?.readableBytesView ?? [])
        let bytes: [UInt8]
        switch kind {
        case .partialBatch:
            bytes = Array(batch.prefix(Int.random(in: 1..<batch.count, using: &rng)))
        case .badCRCBatch:
            batch[Int.random(in: 61..<batch.count, using: &rng)] ^= 0x5A
            bytes = batch
        case .garbage:
            bytes = rng.bytes(Int.random(in: 1...300, using: &rng))
        }
        guard let handle = FileHandle(forWritingAtPath: partitionDirectory + "/" + newest) else {
            throw WireAdmin.Failure(description: "cannot open \(newest) in \(partitionDirectory)")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        return bytes.count
    }
}
