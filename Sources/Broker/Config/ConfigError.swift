/// A configuration problem that stops the broker from starting, naming the key at fault.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var key: String
    public var message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "invalid value for '\(key)': \(message)" }
}
