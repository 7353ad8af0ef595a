/// Why bytes could not be decoded as a Kafka message.
///
/// Every case carries enough context for a log line; none of them is recoverable for the frame
/// that produced it (the broker answers with a Kafka error or closes the connection).
public enum WireError: Error, Equatable, Sendable {
    /// Fewer bytes remain than the next field needs.
    case truncated(needed: Int, remaining: Int)
    /// A length or count below -1 (or -1 where null is not allowed).
    case negativeLength(Int)
    /// A length or count larger than the bytes that remain could possibly hold.
    case lengthTooLarge(length: Int, remaining: Int)
    /// A varint ran past its maximum width.
    case invalidVarint
    /// A string was not valid UTF-8.
    case invalidUTF8
    /// Bytes were left over after a complete message.
    case trailingBytes(Int)
    /// A null appeared where the field is not nullable.
    case unexpectedNull
    /// The API version is outside what this codec serves.
    case unsupportedVersion(apiKey: Int16, version: Int16)
}

extension WireError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated(let needed, let remaining):
            return "truncated input: needed \(needed) bytes, \(remaining) remain"
        case .negativeLength(let length):
            return "invalid negative length or count \(length)"
        case .lengthTooLarge(let length, let remaining):
            return "length or count \(length) exceeds the \(remaining) bytes that remain"
        case .invalidVarint:
            return "varint is longer than its maximum width"
        case .invalidUTF8:
            return "string is not valid UTF-8"
        case .trailingBytes(let count):
            return "\(count) unexpected bytes after the end of the message"
        case .unexpectedNull:
            return "null value in a non-nullable field"
        case .unsupportedVersion(let apiKey, let version):
            return "API key \(apiKey) version \(version) is not supported"
        }
    }
}
