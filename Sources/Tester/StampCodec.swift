/// Writes and reads stamped record values.
public enum StampCodec {
    /// What a received value turned out to be.
    public enum Decoded: Sendable, Equatable {
        case valid(Stamp)
        /// Not a tester record at all (no magic, or too short to hold a header).
        case foreign
        /// A tester record whose header checks out but whose payload or key does not: attributable to its stream.
        case corruptPayload(Stamp)
        /// A tester record whose header is damaged: not attributable.
        case corruptHeader
    }

    /// Builds the filler every record of a given size carries, and its checksum, once per producer.
    public struct Template: Sendable {
        public let totalSize: Int
        let payload: [UInt8]
        let payloadChecksum: UInt32

        /// `messageSize` is the whole value; sizes below the header size get a header and an empty payload.
        public init(messageSize: Int) {
            totalSize = max(messageSize, Stamp.headerSize)
            payload = (0..<(totalSize - Stamp.headerSize)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            payloadChecksum = CRC32.checksum(payload)
        }

        /// A whole value with the constant fields and the payload in place, for `StampCodec.write`.
        public func makeBuffer() -> [UInt8] {
            StampCodec.encode(Stamp(runId: 0, producerId: 0, keyIndex: 0, sequence: 0, sendMicros: 0), template: self)
        }
    }

    /// Writes `stamp` over the header of `buffer`, which must come from `template.makeBuffer()`. Producers reuse
    /// one buffer (librdkafka copies each value), so the hot path allocates nothing.
    public static func write(_ stamp: Stamp, into buffer: inout [UInt8]) {
        precondition(buffer.count >= Stamp.headerSize, "buffer must come from Template.makeBuffer()")
        store(stamp.runId, at: 8, in: &buffer)
        store(stamp.producerId, at: 16, in: &buffer)
        store(stamp.keyIndex, at: 20, in: &buffer)
        store(stamp.sequence, at: 24, in: &buffer)
        store(UInt64(bitPattern: stamp.sendMicros), at: 32, in: &buffer)
        store(CRC32.checksum(buffer[0..<48]), at: 48, in: &buffer)
    }

    private static func store<T: FixedWidthInteger>(_ value: T, at offset: Int, in buffer: inout [UInt8]) {
        var shifted = value
        var index = offset + MemoryLayout<T>.size - 1
        while index >= offset {
            buffer[index] = UInt8(truncatingIfNeeded: shifted)
            shifted >>= 8
            index -= 1
        }
    }

    public static func encode(_ stamp: Stamp, template: Template) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(template.totalSize)
        out += Stamp.magic
        out += [Stamp.version, 0, 0, 0]
        append(stamp.runId, to: &out)
        append(stamp.producerId, to: &out)
        append(stamp.keyIndex, to: &out)
        append(stamp.sequence, to: &out)
        append(UInt64(bitPattern: stamp.sendMicros), to: &out)
        append(UInt32(template.payload.count), to: &out)
        append(template.payloadChecksum, to: &out)
        append(CRC32.checksum(out), to: &out)
        out += template.payload
        return out
    }

    /// Classifies a received record. `key` must be the stamp's key for the record to be valid.
    public static func decode(key: [UInt8]?, value: [UInt8]) -> Decoded {
        guard value.count >= Stamp.headerSize, value[0..<4].elementsEqual(Stamp.magic) else { return .foreign }
        let header = value[0..<48]
        guard value[4] == Stamp.version, readUInt32(value, 48) == CRC32.checksum(header) else { return .corruptHeader }
        let stamp = Stamp(
            runId: readUInt64(value, 8), producerId: readUInt32(value, 16), keyIndex: readUInt32(value, 20),
            sequence: readUInt64(value, 24), sendMicros: Int64(bitPattern: readUInt64(value, 32)))
        let payloadLength = Int(readUInt32(value, 40))
        guard payloadLength == value.count - Stamp.headerSize,
            readUInt32(value, 44) == CRC32.checksum(value[Stamp.headerSize...]),
            let key, key == Stamp.key(for: stamp.keyIndex)
        else { return .corruptPayload(stamp) }
        return .valid(stamp)
    }

    /// Reads the run id without validating anything else: a cheap pre-filter for other runs' records.
    public static func peekRunId(_ value: [UInt8]) -> UInt64? {
        guard value.count >= Stamp.headerSize, value[0..<4].elementsEqual(Stamp.magic) else { return nil }
        return readUInt64(value, 8)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (offset..<offset + 4).reduce(0) { $0 << 8 | UInt32(bytes[$1]) }
    }

    private static func readUInt64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (offset..<offset + 8).reduce(0) { $0 << 8 | UInt64(bytes[$1]) }
    }
}
