/// A self-contained HTML page: a title, a summary table of key/value rows, and sections of paragraphs, tables,
/// charts and preformatted text. Styles are inline and nothing is loaded from anywhere, so the file can be
/// opened offline, attached to a ticket, or archived by CI.
public struct HTMLReport: Sendable {
    public enum Block: Sendable {
        case paragraph(String)
        /// A table; a cell that starts with "PASS" or "FAIL" is coloured.
        case table(headers: [String], rows: [[String]])
        case chart(SVGLineChart)
        case preformatted(String)
    }

    public struct Section: Sendable {
        public var heading: String
        public var blocks: [Block]

        public init(heading: String, blocks: [Block]) {
            self.heading = heading
            self.blocks = blocks
        }
    }

    public var title: String
    /// Shown under the title, e.g. "PASS" with a coloured badge when it is exactly PASS or FAIL.
    public var verdict: String?
    public var summary: [(String, String)]
    public var sections: [Section] = []

    public init(title: String, verdict: String? = nil, summary: [(String, String)] = []) {
        self.title = title
        self.verdict = verdict
        self.summary = summary
    }

    public mutating func add(_ heading: String, _ blocks: Block...) {
        sections.append(Section(heading: heading, blocks: blocks))
    }

    public func render() -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<title>\(HTMLText.escape(title))</title>\n<style>\n\(Self.style)</style>\n</head>\n<body>\n"
        html += "<h1>\(HTMLText.escape(title))</h1>\n"
        if let verdict {
            html += "<p class=\"verdict \(Self.verdictClass(verdict))\">\(HTMLText.escape(verdict))</p>\n"
        }
        if !summary.isEmpty {
            html += "<table class=\"summary\">\n"
            for (key, value) in summary {
                html += "<tr><th>\(HTMLText.escape(key))</th>\(Self.cell(value))</tr>\n"
            }
            html += "</table>\n"
        }
        for section in sections {
            html += "<section>\n<h2>\(HTMLText.escape(section.heading))</h2>\n"
            for block in section.blocks { html += Self.render(block) }
            html += "</section>\n"
        }
        return html + "</body>\n</html>\n"
    }

    private static func render(_ block: Block) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(HTMLText.escape(text))</p>\n"
        case .preformatted(let text):
            return "<pre>\(HTMLText.escape(text))</pre>\n"
        case .chart(let chart):
            return "<figure>\n\(chart.render())\n</figure>\n"
        case .table(let headers, let rows):
            var html = "<table>\n<tr>" + headers.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr>\n"
            for row in rows { html += "<tr>" + row.map(cell).joined() + "</tr>\n" }
            return html + "</table>\n"
        }
    }

    private static func cell(_ value: String) -> String {
        let kind = verdictClass(value)
        return kind.isEmpty ? "<td>\(HTMLText.escape(value))</td>" : "<td class=\"\(kind)\">\(HTMLText.escape(value))</td>"
    }

    private static func verdictClass(_ text: String) -> String {
        text.hasPrefix("PASS") ? "pass" : text.hasPrefix("FAIL") ? "fail" : ""
    }

    private static let style = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; \
        max-width: 960px; color: #222; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
        th, td { border: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left; vertical-align: top; }
        th { background: #f5f5f5; }
        .verdict { display: inline-block; font-size: 1.3em; font-weight: bold; padding: 0.2em 0.8em; \
        border-radius: 4px; background: #eee; }
        .verdict.pass, td.pass { background: #d4f4dd; color: #116329; }
        .verdict.fail, td.fail { background: #fbdada; color: #a11; }
        pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
        figure { margin: 0.8em 0; }
        svg.chart { max-width: 100%; height: auto; border: 1px solid #eee; }

        """
}
