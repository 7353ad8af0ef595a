/// The byte format of `__consumer_offsets` records. All integers big-endian; strings are an int16 byte length
/// followed by UTF-8 (length -1 means null).
///
/// Key:   version int16 (0 or 1 = offset commit; 2 = group metadata, which this broker does not write),
///        group string, topic string, partition int32.
/// Value: version int16, then by version
///        0, 2: offset int64, metadata string, commit timestamp int64
///        1:    offset int64, metadata string, commit timestamp int64, expire timestamp int64
///        3:    offset int64, leader epoch int32, metadata string, commit timestamp int64
/// We write key version 1 and value version 3, the same layout Kafka uses for offset commits, so the topic
/// reads the same to tools that know Kafka's format.
enum OffsetRecordCodec {
    static let keyVersion: Int16 = 1
    static let valueVersion: Int16 = 3
    static let groupMetadataKeyVersion: Int16 = 2

    static func encodeKey(_ record: OffsetRecord) -> [UInt8] {
        var writer = OffsetRecordWriter()
        writer.write(keyVersion)
        writer.write(record.groupId)
        writer.write(record.topic)
        writer.write(record.partition)
        return writer.bytes
    }

    static func encodeValue(_ value: CommittedOffset) -> [UInt8] {
        var writer = OffsetRecordWriter()
        writer.write(valueVersion)
        writer.write(value.offset)
        writer.write(value.leaderEpoch)
        writer.write(value.metadata)
        writer.write(value.commitTimestampMs)
        return writer.bytes
    }

    /// Decodes one record of the topic. Returns nil for record kinds that carry no offsets (group metadata);
    /// throws on anything malformed, never traps.
    static func decode(key: [UInt8], value: [UInt8]?) throws(OffsetRecordDecodingError) -> OffsetRecord? {
        var keyReader = OffsetRecordReader(key)
        let version = try keyReader.readInt16()
        switch version {
        case 0, 1:
            break
        case groupMetadataKeyVersion:
            return nil
        default:
            throw OffsetRecordDecodingError(.unsupportedKeyVersion(version))
        }
        let groupId = try keyReader.readString()
        let topic = try keyReader.readString()
        let partition = try keyReader.readInt32()
        try keyReader.expectEnd()
        let committed = try value.map { bytes throws(OffsetRecordDecodingError) in try decodeValue(bytes) }
        return OffsetRecord(groupId: groupId, topic: topic, partition: partition, value: committed)
    }

    private static func decodeValue(_ bytes: [UInt8]) throws(OffsetRecordDecodingError) -> CommittedOffset {
        var reader = OffsetRecordReader(bytes)
        let version = try reader.readInt16()
        guard (0...3).contains(version) else { throw OffsetRecordDecodingError(.unsupportedValueVersion(version)) }
        let offset = try reader.readInt64()
        let leaderEpoch = version == 3 ? try reader.readInt32() : -1
        let metadata = try reader.readNullableString() ?? ""
        let commitTimestamp = try reader.readInt64()
        if version == 1 { _ = try reader.readInt64() }  // expire timestamp: retention is not implemented
        try reader.expectEnd()
        return CommittedOffset(
            offset: offset, leaderEpoch: leaderEpoch, metadata: metadata, commitTimestampMs: commitTimestamp)
    }
}

struct OffsetRecordDecodingError: Error, Equatable, CustomStringConvertible {
    enum Kind: Equatable, Sendable {
        case truncated
        case trailingBytes(Int)
        case unsupportedKeyVersion(Int16)
        case unsupportedValueVersion(Int16)
        case nullString
        case invalidUTF8
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    var description: String { "malformed __consumer_offsets record: \(kind)" }
}
