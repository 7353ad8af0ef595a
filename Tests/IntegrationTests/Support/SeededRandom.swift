import Foundation

/// SplitMix64: a tiny seeded generator, so a failing fuzz run can be replayed with `KAFKALAB_FUZZ_SEED`.
struct SeededRandom: RandomNumberGenerator, Sendable {
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

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &self) }
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }

    /// The seed from `KAFKALAB_FUZZ_SEED`, or a fresh one (printed by the tests so that a failure can be replayed).
    static func seedFromEnvironment() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["KAFKALAB_FUZZ_SEED"], let seed = UInt64(text) {
            return seed
        }
        return UInt64.random(in: .min ... .max)
    }
}
