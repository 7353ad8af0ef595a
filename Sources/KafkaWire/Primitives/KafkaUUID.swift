/// Kafka's 128-bit UUID as it travels on the wire: two big-endian 64-bit halves.
///
/// Kept separate from Foundation's `UUID` so the codec needs no Foundation and the zero UUID
/// (Kafka's "no id") is trivial to express.
public struct KafkaUUID: Hashable, Sendable {
    public var mostSignificantBits: UInt64
    public var leastSignificantBits: UInt64

    public init(mostSignificantBits: UInt64, leastSignificantBits: UInt64) {
        self.mostSignificantBits = mostSignificantBits
        self.leastSignificantBits = leastSignificantBits
    }

    public static let zero = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 0)
}
