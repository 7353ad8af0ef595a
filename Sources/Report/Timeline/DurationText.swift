/// Durations as people type them on a command line: `45`, `45s`, `2m`, `1m30s`, `1.5m`, `500ms`.
public enum DurationText {
    /// Seconds, or a `ScheduleError` saying what is wrong. Accepts at most 24 hours.
    public static func seconds(_ text: String) throws(ScheduleError) -> Double {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw ScheduleError("empty duration") }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number), value.isFinite else {
                throw ScheduleError("cannot read duration '\(text)': expected a number such as 45, 45s, 2m or 1m30s")
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "", "s": total += value
            case "ms": total += value / 1_000
            case "m", "min": total += value * 60
            case "h": total += value * 3_600
            default: throw ScheduleError("unknown unit '\(unit)' in duration '\(text)' (use ms, s, m or h)")
            }
        }
        guard total > 0, total <= 86_400 else { throw ScheduleError("duration '\(text)' must be > 0 and <= 24h") }
        return total
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
