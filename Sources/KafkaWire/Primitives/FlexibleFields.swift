import NIOCore

/// Field readers and writers that pick the classic or the compact encoding, for messages whose flexible versions
/// start part-way through their version range (or at 0), so one `init(from:)` / `encode` serves both.
extension WireReader {
    public mutating func readString(compact: Bool) throws -> String {
        compact ? try readCompactString() : try readString()
    }

    public mutating func readNullableString(compact: Bool) throws -> String? {
        compact ? try readCompactNullableString() : try readNullableString()
    }

    public mutating func readInt32Array(compact: Bool) throws -> [Int32] {
        try readArray(compact: compact, minimumElementSize: 4) { reader in try reader.readInt32() }
    }

    public mutating func readNullableInt32Array(compact: Bool) throws -> [Int32]? {
        try readNullableArray(compact: compact, minimumElementSize: 4) { reader in try reader.readInt32() }
    }

    /// Tagged fields end every structure of a flexible version; none are modelled, so they are skipped.
    public mutating func skipTaggedFields(if flexible: Bool) throws {
        if flexible { try skipTaggedFields() }
    }
}

extension ByteBuffer {
    public mutating func writeKafkaString(_ value: String, compact: Bool) {
        if compact { writeCompactString(value) } else { writeKafkaString(value) }
    }

    public mutating func writeKafkaNullableString(_ value: String?, compact: Bool) {
        if compact { writeCompactNullableString(value) } else { writeKafkaNullableString(value) }
    }

    public mutating func writeInt32Array(_ elements: [Int32], compact: Bool) {
        writeKafkaArray(elements, compact: compact) { buffer, element in buffer.writeInteger(element) }
    }

    public mutating func writeNullableInt32Array(_ elements: [Int32]?, compact: Bool) {
        writeKafkaNullableArray(elements, compact: compact) { buffer, element in buffer.writeInteger(element) }
    }

    public mutating func writeTaggedFields(if flexible: Bool) {
        if flexible { writeTaggedFields() }
    }

    /// A nullable array of nested messages, in either encoding.
    public mutating func writeKafkaNullableArray<T: KafkaMessage>(_ elements: [T]?, version: Int16, compact: Bool) {
        writeKafkaNullableArray(elements, compact: compact) { buffer, element in
            element.encode(into: &buffer, version: version)
        }
    }
}
