import Foundation
import SeededRandom

/// What the fuzz and crash tests draw from the shared generator; `KAFKALAB_FUZZ_SEED` replays a failing run.
extension SeededGenerator {
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
