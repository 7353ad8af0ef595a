import Foundation

/// The last lines of a log file, for error messages ("(no log)" when it cannot be read).
public func logTail(_ path: String, lines: Int = 20) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "(no log at \(path))" }
    defer { try? handle.close() }
    let size = (try? handle.seekToEnd()) ?? 0
    let start = size > 16384 ? size - 16384 : 0
    try? handle.seek(toOffset: start)
    let data = (try? handle.readToEnd()) ?? Data()
    let text = String(decoding: data, as: UTF8.self)
    let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1)
    let joined = tail.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    return joined.isEmpty ? "(log \(path) is empty)" : joined
}
