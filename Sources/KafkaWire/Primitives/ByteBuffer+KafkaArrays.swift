import NIOCore

/// Array writers: classic int32 counts or compact (count + 1) varints, -1 / 0 for null.
extension ByteBuffer {
    public mutating func writeArrayCount(_ count: Int, compact: Bool = false) {
        if compact {
            writeUnsignedVarint(UInt32(truncatingIfNeeded: count) + 1)
        } else {
            writeInteger(Int32(truncatingIfNeeded: count))
        }
    }

    public mutating func writeNullableArrayCount(_ count: Int?, compact: Bool = false) {
        guard let count else {
            if compact { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int32.self) }
            return
        }
        writeArrayCount(count, compact: compact)
    }

    public mutating func writeKafkaArray<T>(
        _ elements: [T],
        compact: Bool = false,
        _ writeElement: (inout ByteBuffer, T) -> Void
    ) {
        writeArrayCount(elements.count, compact: compact)
        for element in elements { writeElement(&self, element) }
    }

    public mutating func writeKafkaNullableArray<T>(
        _ elements: [T]?,
        compact: Bool = false,
        _ writeElement: (inout ByteBuffer, T) -> Void
    ) {
        guard let elements else {
            writeNullableArrayCount(nil, compact: compact)
            return
        }
        writeKafkaArray(elements, compact: compact, writeElement)
    }

    /// An array of nested message structs encoded at `version`.
    public mutating func writeKafkaArray<T: KafkaMessage>(_ elements: [T], version: Int16, compact: Bool = false) {
        writeKafkaArray(elements, compact: compact) { buffer, element in
            element.encode(into: &buffer, version: version)
        }
    }

    public mutating func writeKafkaNullableArray<T: KafkaMessage>(_ elements: [T]?, version: Int16) {
        writeKafkaNullableArray(elements) { buffer, element in element.encode(into: &buffer, version: version) }
    }

    public mutating func writeInt32Array(_ elements: [Int32]) {
        writeKafkaArray(elements) { buffer, element in buffer.writeInteger(element) }
    }

    public mutating func writeInt64Array(_ elements: [Int64]) {
        writeKafkaArray(elements) { buffer, element in buffer.writeInteger(element) }
    }

    public mutating func writeStringArray(_ elements: [String]) {
        writeKafkaArray(elements) { buffer, element in buffer.writeKafkaString(element) }
    }

    public mutating func writeNullableStringArray(_ elements: [String]?) {
        writeKafkaNullableArray(elements) { buffer, element in buffer.writeKafkaString(element) }
    }
}
