extension ConfigEntry {
    /// Builds an entry by hand, e.g. to test code that filters described configs.
    public init(_ name: String, value: String?, isDefault: Bool, isReadOnly: Bool = false, isSensitive: Bool = false) {
        self.init(name: name, value: value, isDefault: isDefault, isReadOnly: isReadOnly, isSensitive: isSensitive)
    }
}
