/// Escaping for text and attribute values placed into HTML or SVG. Every user-supplied string (titles, labels,
/// table cells, series names) goes through here, so a topic called `<script>` stays text.
public enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`, and drops control characters other than tab and newline, which are
    /// not allowed in XML (SVG is XML) and have no business in a report.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A number for an SVG coordinate: at most two decimals, no exponent, never NaN.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}
