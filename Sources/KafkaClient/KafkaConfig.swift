import CRdKafka

/// librdkafka properties, passed through untouched so SASL, TLS and every tuning knob work without new code.
public struct KafkaConfig: Sendable, Equatable {
    public var properties: [String: String]

    public init(_ properties: [String: String] = [:]) {
        self.properties = properties
    }

    public init(bootstrapServers: String, _ properties: [String: String] = [:]) {
        self.properties = properties
        self.properties["bootstrap.servers"] = bootstrapServers
    }

    public subscript(key: String) -> String? {
        get { properties[key] }
        set { properties[key] = newValue }
    }

    /// Returns a copy with `other`'s properties laid over this one's.
    public func merging(_ other: [String: String]) -> KafkaConfig {
        KafkaConfig(properties.merging(other) { _, new in new })
    }

    /// Parses a Java-style properties file body: `key=value` (or `key: value`) lines, `#`/`!` comments.
    public static func parseProperties(_ text: String) throws(KafkaError) -> [String: String] {
        var result: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw .client("line \(index + 1): expected key=value, got '\(line)'")
            }
            let key = line[..<separator].trimmingWhitespace()
            let value = line[line.index(after: separator)...].trimmingWhitespace()
            if key.isEmpty { throw .client("line \(index + 1): empty property name") }
            result[String(key)] = String(value)
        }
        return result
    }

    /// Parses one `key=value` pair as given to `-X`.
    public static func parseAssignment(_ text: String) throws(KafkaError) -> (String, String) {
        guard let separator = text.firstIndex(of: "="), separator != text.startIndex else {
            throw .client("expected key=value, got '\(text)'")
        }
        return (String(text[..<separator]), String(text[text.index(after: separator)...]))
    }

    /// Builds an `rd_kafka_conf_t`; the caller owns it until `rd_kafka_new` succeeds.
    func makeNative() throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else { throw .client("rd_kafka_conf_new failed") }
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            var errstr = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw .client(
                    "property \(key): \(cString(errstr))"
                )
            }
        }
        return conf
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let scalars = Substring(self)
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return scalars[first...last]
    }
}
