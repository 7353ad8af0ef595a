/// Arrays: classic (int32 count, -1 = null) and compact (unsigned varint count + 1, 0 = null).
///
/// Counts are checked against the remaining bytes before any element is read or any capacity
/// reserved: `minimumElementSize` is the smallest encoding an element can have.
extension WireReader {
    /// A count that may be null (returns nil for null).
    public mutating func readNullableArrayCount(compact: Bool = false, minimumElementSize: Int = 1) throws -> Int? {
        let count: Int
        if compact {
            let countPlusOne = Int(try readUnsignedVarint())
            if countPlusOne == 0 { return nil }
            count = countPlusOne - 1
        } else {
            count = Int(try readInt32())
            if count == -1 { return nil }
            guard count >= 0 else { throw WireError.negativeLength(count) }
        }
        let elementSize = max(minimumElementSize, 1)
        if count > remaining / elementSize {
            throw WireError.lengthTooLarge(length: count, remaining: remaining)
        }
        return count
    }

    /// A count that must not be null.
    public mutating func readArrayCount(compact: Bool = false, minimumElementSize: Int = 1) throws -> Int {
        guard let count = try readNullableArrayCount(compact: compact, minimumElementSize: minimumElementSize) else {
            throw WireError.unexpectedNull
        }
        return count
    }

    public mutating func readArray<T>(
        compact: Bool = false,
        minimumElementSize: Int = 1,
        _ readElement: (inout WireReader) throws -> T
    ) throws -> [T] {
        let count = try readArrayCount(compact: compact, minimumElementSize: minimumElementSize)
        return try readElements(count: count, readElement)
    }

    public mutating func readNullableArray<T>(
        compact: Bool = false,
        minimumElementSize: Int = 1,
        _ readElement: (inout WireReader) throws -> T
    ) throws -> [T]? {
        guard let count = try readNullableArrayCount(compact: compact, minimumElementSize: minimumElementSize) else {
            return nil
        }
        return try readElements(count: count, readElement)
    }

    private mutating func readElements<T>(count: Int, _ readElement: (inout WireReader) throws -> T) throws -> [T] {
        var elements: [T] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }

    /// An array of nested message structs decoded at `version`.
    public mutating func readArray<T: KafkaMessage>(
        of type: T.Type,
        version: Int16,
        compact: Bool = false
    ) throws -> [T] {
        try readArray(compact: compact) { reader in try T(from: &reader, version: version) }
    }

    public mutating func readNullableArray<T: KafkaMessage>(
        of type: T.Type,
        version: Int16,
        compact: Bool = false
    ) throws -> [T]? {
        try readNullableArray(compact: compact) { reader in try T(from: &reader, version: version) }
    }

    public mutating func readInt32Array() throws -> [Int32] {
        try readArray(minimumElementSize: 4) { reader in try reader.readInt32() }
    }

    public mutating func readInt64Array() throws -> [Int64] {
        try readArray(minimumElementSize: 8) { reader in try reader.readInt64() }
    }

    public mutating func readStringArray() throws -> [String] {
        try readArray(minimumElementSize: 2) { reader in try reader.readString() }
    }

    public mutating func readNullableStringArray() throws -> [String]? {
        try readNullableArray(minimumElementSize: 2) { reader in try reader.readString() }
    }
}
