import Foundation

/// Typed parsing of config values; every failure names the key and says what was expected.
enum ConfigValue {
    static func int(_ key: String, _ value: String, min: Int = .min) throws(ConfigError) -> Int {
        guard let number = Int(value) else { throw ConfigError(key: key, "expected an integer, got '\(value)'") }
        guard number >= min else { throw ConfigError(key: key, "must be at least \(min), got \(number)") }
        return number
    }

    static func int64(_ key: String, _ value: String, min: Int64 = .min) throws(ConfigError) -> Int64 {
        guard let number = Int64(value) else { throw ConfigError(key: key, "expected an integer, got '\(value)'") }
        guard number >= min else { throw ConfigError(key: key, "must be at least \(min), got \(number)") }
        return number
    }

    static func int32(_ key: String, _ value: String, min: Int32 = .min) throws(ConfigError) -> Int32 {
        guard let number = Int32(value) else {
            throw ConfigError(key: key, "expected a 32-bit integer, got '\(value)'")
        }
        guard number >= min else { throw ConfigError(key: key, "must be at least \(min), got \(number)") }
        return number
    }

    static func int16(_ key: String, _ value: String, min: Int16 = .min) throws(ConfigError) -> Int16 {
        guard let number = Int16(value) else {
            throw ConfigError(key: key, "expected a 16-bit integer, got '\(value)'")
        }
        guard number >= min else { throw ConfigError(key: key, "must be at least \(min), got \(number)") }
        return number
    }

    static func bool(_ key: String, _ value: String) throws(ConfigError) -> Bool {
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw ConfigError(key: key, "expected true or false, got '\(value)'")
        }
    }

    static func nonEmpty(_ key: String, _ value: String) throws(ConfigError) -> String {
        guard !value.isEmpty else { throw ConfigError(key: key, "must not be empty") }
        return value
    }

    static func list(_ key: String, _ value: String) throws(ConfigError) -> [String] {
        let items = value.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ConfigError(key: key, "expected a comma-separated list, got '\(value)'") }
        return items
    }

    /// `PLAINTEXT://host:port[,NAME://host:port]`; an empty host means all interfaces, as in Kafka.
    static func listeners(_ key: String, _ value: String) throws(ConfigError) -> [BrokerConfig.Listener] {
        var listeners: [BrokerConfig.Listener] = []
        for item in try list(key, value) {
            guard let schemeEnd = item.range(of: "://") else {
                throw ConfigError(key: key, "expected NAME://host:port, got '\(item)'")
            }
            let name = String(item[..<schemeEnd.lowerBound])
            let address = item[schemeEnd.upperBound...]
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                (0...65535).contains(port)
            else {
                throw ConfigError(key: key, "expected a port number (0-65535) in '\(item)'")
            }
            var host = String(address[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            listeners.append(BrokerConfig.Listener(name: name, host: host.isEmpty ? "0.0.0.0" : host, port: port))
        }
        return listeners
    }
}
