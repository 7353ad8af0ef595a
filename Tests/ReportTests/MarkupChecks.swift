import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Test helpers that check generated markup is well formed.
enum MarkupChecks {
    /// Whether `text` parses as XML (SVG must).
    static func isWellFormedXML(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    /// Open and close tags balance, ignoring void elements, the doctype, and text inside tags' attributes.
    /// Returns the first problem, or nil.
    static func tagBalanceProblem(_ html: String) -> String? {
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link"]
        var stack: [String] = []
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: "<") {
            guard let close = html[open...].firstIndex(of: ">") else { return "unterminated tag" }
            let inside = html[html.index(after: open)..<close]
            index = html.index(after: close)
            if inside.hasPrefix("!") { continue }
            let selfClosing = inside.hasSuffix("/")
            let isClosing = inside.hasPrefix("/")
            let name = inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if name.isEmpty { return "empty tag name near \(inside.prefix(20))" }
            if isClosing {
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
                stack.removeLast()
            } else if !selfClosing && !void.contains(name) {
                stack.append(name)
            }
        }
        return stack.isEmpty ? nil : "unclosed <\(stack.joined(separator: "> <"))>"
    }

    /// Anything that would make a viewer reach out to the network or run code.
    static func externalReferences(_ text: String) -> [String] {
        ["http://", "https://", "//cdn", "<script", "src=", "href=", "@import", "url("].filter {
            text.lowercased().contains($0)
        }
    }
}
