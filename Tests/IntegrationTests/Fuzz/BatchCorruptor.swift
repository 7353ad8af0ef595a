import KafkaWire
import SeededRandom

/// Damages a RecordBatch v2 (offsets per the 61-byte header layout: Length @8, Magic @16, CRC @17, Attributes @21,
/// LastOffsetDelta @23, RecordsCount @57, records from @61). Some damage keeps the CRC valid on purpose, so that the
/// broker's checks behind the CRC (counts, codec, record framing) are exercised too.
enum BatchCorruptor {
    enum Damage: CaseIterable {
        case badCRC, wrongCount, wrongLastOffsetDelta, absurdLength, badMagic, unknownCodec, truncated, garbledRecords

        /// Whether the broker must reject the batch. Garbled record bytes may land in a value and leave a
        /// perfectly valid batch, so only the structural kinds are asserted.
        var mustBeRejected: Bool { self != .garbledRecords }
    }

    static func damage(_ batch: inout [UInt8], _ damage: Damage, using rng: inout SeededGenerator) {
        guard batch.count > 61 else { return }
        switch damage {
        case .badCRC:
            let index = Int.random(in: 21..<batch.count, using: &rng)
            batch[index] ^= UInt8.random(in: 1...255, using: &rng)
        case .wrongCount:
            FuzzFrame.writeInt32(FrameMutator.absurdInt32.randomElement(using: &rng) ?? 7, into: &batch, at: 57)
            recomputeCRC(&batch)
        case .wrongLastOffsetDelta:
            let delta = Int32(batch[23]) << 24 | Int32(batch[24]) << 16 | Int32(batch[25]) << 8 | Int32(batch[26])
            FuzzFrame.writeInt32(delta &+ Int32.random(in: 1...1000, using: &rng), into: &batch, at: 23)
            recomputeCRC(&batch)
        case .absurdLength:
            FuzzFrame.writeInt32(FrameMutator.absurdInt32.randomElement(using: &rng) ?? -1, into: &batch, at: 8)
        case .badMagic:
            batch[16] = [0, 1, 3, 0xFF].randomElement(using: &rng) ?? 0
        case .unknownCodec:
            batch[22] = (batch[22] & 0xF8) | UInt8.random(in: 5...7, using: &rng)
            recomputeCRC(&batch)
        case .truncated:
            batch.removeSubrange(Int.random(in: 12..<batch.count, using: &rng)...)
        case .garbledRecords:
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                batch[Int.random(in: 61..<batch.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            recomputeCRC(&batch)
        }
    }

    /// CRC-32C over Attributes..end, stored big-endian at 17, as a producer would write it.
    static func recomputeCRC(_ batch: inout [UInt8]) {
        guard batch.count > 21 else { return }
        let crc = CRC32C.checksum(batch[21...])
        FuzzFrame.writeInt32(Int32(bitPattern: crc), into: &batch, at: 17)
    }
}
