import KafkaClient

/// Splits librdkafka properties given for the mirror into its two sides: `source.k=v` applies to the source
/// consumer (and source admin), `destination.k=v` to the destination producer (and admin), a bare `k=v` to both.
public struct MirrorClientProperties: Sendable, Equatable {
    public var source: [String: String] = [:]
    public var destination: [String: String] = [:]

    public init() {}

    /// Parses `-X` assignments in order; later ones win. Throws on text that is not `key=value` or has an empty
    /// key after its side prefix.
    public static func parse(_ assignments: [String]) throws(MirrorError) -> MirrorClientProperties {
        var result = MirrorClientProperties()
        for assignment in assignments {
            let key: String
            let value: String
            do {
                (key, value) = try KafkaConfig.parseAssignment(assignment)
            } catch {
                throw MirrorError("-X expects [source.|destination.]key=value, got '\(assignment)'")
            }
            try result.apply(key: key, value: value, original: assignment)
        }
        return result
    }

    /// Adds a properties file's entries, with the same prefixes as `-X`.
    public mutating func merge(_ properties: [String: String]) throws(MirrorError) {
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            try apply(key: key, value: value, original: "\(key)=\(value)")
        }
    }

    private mutating func apply(key: String, value: String, original: String) throws(MirrorError) {
        if let name = key.strippingPrefix("source.") {
            guard !name.isEmpty else { throw MirrorError("-X source. needs a property name: '\(original)'") }
            source[name] = value
        } else if let name = key.strippingPrefix("destination.") {
            guard !name.isEmpty else { throw MirrorError("-X destination. needs a property name: '\(original)'") }
            destination[name] = value
        } else {
            source[key] = value
            destination[key] = value
        }
    }
}

extension String {
    fileprivate func strippingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
