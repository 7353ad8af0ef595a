/// Which source topics to mirror: names wholly matching `include` and not wholly matching `exclude`.
/// Internal topics (`__consumer_offsets`, `__transaction_state`, ...) are never mirrored.
///
/// Patterns are kept as text because Swift's `Regex` is not `Sendable`; `select` compiles them once per call.
public struct TopicFilter: Sendable, Equatable {
    public let include: String
    public let exclude: String?

    /// Throws a `MirrorError` naming the flag when a pattern does not compile.
    public init(include: String, exclude: String? = nil) throws(MirrorError) {
        guard !include.isEmpty else { throw MirrorError("--topics needs a regular expression, got an empty one") }
        _ = try Self.compile(include, flag: "--topics")
        if let exclude { _ = try Self.compile(exclude, flag: "--exclude") }
        self.include = include
        self.exclude = exclude
    }

    /// The names that pass the filter, in the given order.
    public func select(_ names: [String]) -> [String] {
        // Both patterns compiled in `init`, so failure here is impossible; an empty answer is the safe fallback.
        guard let included = try? Self.compile(include, flag: "--topics") else { return [] }
        let excluded = exclude.flatMap { try? Self.compile($0, flag: "--exclude") }
        return names.filter { name in
            guard !name.hasPrefix("__"), (try? included.wholeMatch(in: name)) != nil else { return false }
            guard let excluded else { return true }
            return (try? excluded.wholeMatch(in: name)) == nil
        }
    }

    public func matches(_ name: String) -> Bool { !select([name]).isEmpty }

    private static func compile(_ pattern: String, flag: String) throws(MirrorError) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            throw MirrorError("\(flag): invalid regular expression '\(pattern)': \(error)")
        }
    }
}
