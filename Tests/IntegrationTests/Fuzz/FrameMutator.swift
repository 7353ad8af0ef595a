import SeededRandom

/// Damages frames the way a broken or hostile client would: flipped bits, absurd lengths and counts, missing or
/// extra bytes. The size prefix is kept truthful (lying sizes are their own frame kind, see `FuzzWorker`), so
/// the broker sees exactly one damaged request per frame.
enum FrameMutator {
    /// Values that break length and count fields: negative, zero-ish, huge.
    static let absurdInt32: [Int32] = [-1, -2, Int32.min, Int32.max, 0x7FFF_FFF0, 1 << 24, 1 << 30, 0x10000, 0]
    static let absurdInt16: [Int16] = [-1, -2, Int16.min, Int16.max, 0x7FF0, 0x100]

    static func mutate(_ frame: inout FuzzFrame, using rng: inout SeededGenerator) {
        let rounds = Int.random(in: 1...3, using: &rng)
        var applied: [String] = []
        for _ in 0..<rounds {
            applied.append(mutateOnce(&frame.bytes, using: &rng))
        }
        frame.fixSizePrefix()
        frame.checkResponse = nil
        frame.isPristine = false
        frame.label += " [" + applied.joined(separator: ", ") + "]"
    }

    private static func mutateOnce(_ bytes: inout [UInt8], using rng: inout SeededGenerator) -> String {
        guard bytes.count > 4 else {
            bytes += rng.bytes(Int.random(in: 1...16, using: &rng))
            return "extend"
        }
        let body = 4..<bytes.count
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:
            let flips = Int.random(in: 1...8, using: &rng)
            for _ in 0..<flips {
                let index = Int.random(in: body, using: &rng)
                bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            }
            return "\(flips) bit flips"
        case 1:
            let index = Int.random(in: body, using: &rng)
            let value = absurdInt32.randomElement(using: &rng) ?? -1
            FuzzFrame.writeInt32(value, into: &bytes, at: min(index, bytes.count - 4))
            return "int32 \(value) @\(index)"
        case 2:
            let index = Int.random(in: body, using: &rng)
            let value = absurdInt16.randomElement(using: &rng) ?? -1
            FuzzFrame.writeInt16(value, into: &bytes, at: min(index, bytes.count - 2))
            return "int16 \(value) @\(index)"
        case 3:
            let keep = Int.random(in: 4..<bytes.count, using: &rng)
            bytes.removeSubrange(keep...)
            return "truncated to \(keep - 4)"
        case 4:
            let extra = Int.random(in: 1...64, using: &rng)
            bytes += rng.bytes(extra)
            return "\(extra) trailing bytes"
        case 5:
            let start = Int.random(in: body, using: &rng)
            let length = min(Int.random(in: 1...16, using: &rng), bytes.count - start)
            let fill: UInt8 = [0x00, 0xFF, 0x7F, 0x80].randomElement(using: &rng) ?? 0xFF
            for index in start..<start + length { bytes[index] = fill }
            return "\(length) bytes := \(fill) @\(start)"
        default:
            let start = Int.random(in: body, using: &rng)
            let length = min(Int.random(in: 1...32, using: &rng), bytes.count - start)
            let slice = Array(bytes[start..<start + length])
            let at = Int.random(in: 4...bytes.count, using: &rng)
            bytes.insert(contentsOf: slice, at: at)
            return "spliced \(length) bytes @\(at)"
        }
    }
}
