/// The header every tester record starts with. Layout (big-endian), documented in docs/tester.md:
///
///     0  magic "KLAB"           4 bytes
///     4  version                1 byte (1)
///     5  flags                  1 byte (0)
///     6  reserved               2 bytes (0)
///     8  run id                 8 bytes
///    16  producer id            4 bytes
///    20  key index              4 bytes
///    24  sequence (per key)     8 bytes
///    32  send time, µs epoch    8 bytes
///    40  payload length         4 bytes
///    44  payload CRC-32         4 bytes
///    48  header CRC-32          4 bytes (over bytes 0..<48)
///    52  payload
public struct Stamp: Sendable, Hashable {
    public static let magic: [UInt8] = Array("KLAB".utf8)
    public static let version: UInt8 = 1
    public static let headerSize = 52

    public var runId: UInt64
    public var producerId: UInt32
    public var keyIndex: UInt32
    public var sequence: UInt64
    public var sendMicros: Int64

    public init(runId: UInt64, producerId: UInt32, keyIndex: UInt32, sequence: UInt64, sendMicros: Int64) {
        self.runId = runId
        self.producerId = producerId
        self.keyIndex = keyIndex
        self.sequence = sequence
        self.sendMicros = sendMicros
    }

    public var stream: StreamID { StreamID(runId: runId, producerId: producerId, keyIndex: keyIndex) }

    /// The record key for a key index. Keys are shared by all producers; order is checked per (producer, key).
    public static func key(for keyIndex: UInt32) -> [UInt8] { Array("kl-\(keyIndex)".utf8) }
}

/// One ordered stream: the records of one producer for one key, in one run.
public struct StreamID: Sendable, Hashable, Comparable, Codable {
    public var runId: UInt64
    public var producerId: UInt32
    public var keyIndex: UInt32

    public init(runId: UInt64, producerId: UInt32, keyIndex: UInt32) {
        self.runId = runId
        self.producerId = producerId
        self.keyIndex = keyIndex
    }

    public static func < (a: StreamID, b: StreamID) -> Bool {
        (a.runId, a.producerId, a.keyIndex) < (b.runId, b.producerId, b.keyIndex)
    }
}
