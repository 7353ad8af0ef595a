import NIOCore

/// One tagged field of a flexible-version struct, its value left undecoded.
public struct TaggedField: Equatable, Sendable {
    public var tag: UInt32
    public var value: ByteBuffer

    public init(tag: UInt32, value: ByteBuffer) {
        self.tag = tag
        self.value = value
    }
}

/// Tagged-field sections (flexible versions): a count, then (tag, size, bytes) triples.
extension WireReader {
    /// Reads a tagged-field section, returning every field as an undecoded slice.
    public mutating func readTaggedFields() throws -> [TaggedField] {
        // A field takes at least two bytes: a one-byte tag and a one-byte size.
        let count = Int(try readUnsignedVarint())
        if count > remaining / 2 { throw WireError.lengthTooLarge(length: count, remaining: remaining) }
        var fields: [TaggedField] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            let tag = try readUnsignedVarint()
            let size = Int(try readUnsignedVarint())
            fields.append(TaggedField(tag: tag, value: try readSlice(size)))
        }
        return fields
    }

    /// Reads a tagged-field section and ignores its content; we model no tagged fields we serve.
    public mutating func skipTaggedFields() throws {
        _ = try readTaggedFields()
    }
}
