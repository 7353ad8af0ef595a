import Foundation
import Tester

/// The parts of `kafkalab demo`'s results.json the CI test checks (the file has more).
struct DemoResultsFile: Decodable {
    struct Fault: Decodable {
        struct Check: Decodable {
            var passed: Bool
            var detail: String
        }
        var kind: String
        var label: String
        var second: Double
        var check: Check?
    }

    struct Event: Decodable {
        var kind: String
        var label: String
        var second: Double
        var isRestart: Bool
    }

    var verdict: String
    var reasons: [String]
    var interrupted: Bool
    var faults: [Fault]
    var events: [Event]
    var tester: TestResults

    static func load(_ path: String) throws -> DemoResultsFile {
        try JSONDecoder().decode(DemoResultsFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// Counting and escaping for checks on the generated HTML.
enum HTMLChecks {
    static func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    /// The text as the report writes it inside elements (HTML-escaped).
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The `<svg ...>...</svg>` elements of a page.
    static func svgElements(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }
}
