/// Parses the `key=value` format of Java `.properties` files, the format of Kafka's `server.properties`.
///
/// Supports `#` and `!` comments, `=`, `:` or whitespace separators, and trailing-backslash line continuation.
/// Unicode escapes are not needed for Kafka configs and are kept literally.
public enum JavaProperties {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
    }

    public static func parse(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        var pending = ""
        var pendingLine = 0
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if pending.isEmpty {
                line = String(line.drop(while: { $0 == " " || $0 == "\t" }))
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
                pendingLine = index + 1
            } else {
                line = String(line.drop(while: { $0 == " " || $0 == "\t" }))
            }
            if endsWithContinuation(line) {
                pending += line.dropLast()
                continue
            }
            pending += line
            entries.append(split(pending, line: pendingLine))
            pending = ""
        }
        if !pending.isEmpty { entries.append(split(pending, line: pendingLine)) }
        return entries
    }

    /// An odd number of trailing backslashes continues the line; an even number is escaped backslashes.
    private static func endsWithContinuation(_ line: String) -> Bool {
        line.reversed().prefix(while: { $0 == "\\" }).count % 2 == 1
    }

    private static func split(_ logical: String, line: Int) -> Entry {
        guard let separator = logical.firstIndex(where: { $0 == "=" || $0 == ":" || $0 == " " || $0 == "\t" }) else {
            return Entry(key: logical, value: "", line: line)
        }
        let key = String(logical[..<separator])
        var rest = logical[logical.index(after: separator)...].drop(while: { $0 == " " || $0 == "\t" })
        if logical[separator] == " " || logical[separator] == "\t", let first = rest.first, first == "=" || first == ":" {
            rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        }
        return Entry(key: key, value: String(rest).trimmingTrailingWhitespace(), line: line)
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
