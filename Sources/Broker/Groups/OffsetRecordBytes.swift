/// Minimal big-endian writer and bounds-checked reader for `OffsetRecordCodec`.
struct OffsetRecordWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: Int16) { append(UInt64(UInt16(bitPattern: value)), byteCount: 2) }
    mutating func write(_ value: Int32) { append(UInt64(UInt32(bitPattern: value)), byteCount: 4) }
    mutating func write(_ value: Int64) { append(UInt64(bitPattern: value), byteCount: 8) }

    /// Strings longer than Int16.max bytes cannot be expressed. Callers bound them first (group ids and topic
    /// names arrive as int16-length wire strings; commit metadata is capped below Int16.max), so this cut
    /// only keeps a broken caller from trapping.
    mutating func write(_ string: String) {
        let utf8 = Array(string.utf8.prefix(Int(Int16.max)))
        write(Int16(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    private mutating func append(_ value: UInt64, byteCount: Int) {
        for index in stride(from: byteCount - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: value >> (UInt64(index) * 8)))
        }
    }
}

struct OffsetRecordReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func readInt16() throws(OffsetRecordDecodingError) -> Int16 {
        Int16(bitPattern: UInt16(truncatingIfNeeded: try readBigEndian(byteCount: 2)))
    }

    mutating func readInt32() throws(OffsetRecordDecodingError) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: try readBigEndian(byteCount: 4)))
    }

    mutating func readInt64() throws(OffsetRecordDecodingError) -> Int64 {
        Int64(bitPattern: try readBigEndian(byteCount: 8))
    }

    mutating func readString() throws(OffsetRecordDecodingError) -> String {
        guard let string = try readNullableString() else { throw OffsetRecordDecodingError(.nullString) }
        return string
    }

    mutating func readNullableString() throws(OffsetRecordDecodingError) -> String? {
        let length = try readInt16()
        if length < 0 { return nil }
        let slice = try take(Int(length))
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw OffsetRecordDecodingError(.invalidUTF8)
        }
        return string
    }

    func expectEnd() throws(OffsetRecordDecodingError) {
        guard position == bytes.count else { throw OffsetRecordDecodingError(.trailingBytes(bytes.count - position)) }
    }

    private mutating func readBigEndian(byteCount: Int) throws(OffsetRecordDecodingError) -> UInt64 {
        try take(byteCount).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    private mutating func take(_ count: Int) throws(OffsetRecordDecodingError) -> ArraySlice<UInt8> {
        guard count <= bytes.count - position else { throw OffsetRecordDecodingError(.truncated) }
        defer { position += count }
        return bytes[position..<position + count]
    }
}
