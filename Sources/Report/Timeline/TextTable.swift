/// A plain-text table for the terminal: columns padded to their widest cell, numbers right-aligned.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]] = []) {
        self.headers = headers
        self.rows = rows
    }

    public mutating func add(_ row: String...) { rows.append(row) }

    public func render() -> String {
        let columns = max(headers.count, rows.map(\.count).max() ?? 0)
        let padded = ([headers] + rows).map { row in (0..<columns).map { $0 < row.count ? Self.clean(row[$0]) : "" } }
        let widths = (0..<columns).map { column in padded.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return Self.isNumeric(cell) ? padding + cell : cell + padding
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        var lines = [line(padded[0]), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += padded.dropFirst().map(line)
        return lines.joined(separator: "\n")
    }

    /// Cells are single-line: a newline or tab would break the columns.
    private static func clean(_ cell: String) -> String {
        String(cell.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    private static func isNumeric(_ cell: String) -> Bool {
        guard let first = cell.first else { return false }
        return (first.isNumber || first == "-") && cell.allSatisfy { $0.isNumber || ".,-% smk/".contains($0) }
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
