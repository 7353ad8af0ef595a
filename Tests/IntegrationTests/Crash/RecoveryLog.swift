import Foundation

/// The broker's "opened partition log" lines (swift-log's `key=value` metadata), read from the part of broker.log
/// written since a given size: what recovery says it did after a crash.
struct RecoveryLogLine: Equatable {
    var directory: String
    var clean: Bool
    var truncatedBytes: Int

    static func read(logFile: String, from start: Int) -> [RecoveryLogLine] {
        guard let data = FileManager.default.contents(atPath: logFile), data.count >= start else { return [] }
        let text = String(decoding: data.suffix(from: start), as: UTF8.self)
        return text.split(separator: "\n").filter { $0.contains("opened partition log") }.compactMap { line in
            var fields: [String: String] = [:]
            for token in line.split(separator: " ") {
                guard let equals = token.firstIndex(of: "=") else { continue }
                fields[String(token[..<equals])] = String(token[token.index(after: equals)...])
            }
            guard let directory = fields["directory"], let clean = fields["clean"].flatMap(Bool.init),
                let truncated = fields["truncatedBytes"].flatMap(Int.init)
            else { return nil }
            return RecoveryLogLine(directory: directory, clean: clean, truncatedBytes: truncated)
        }
    }

    static func size(of logFile: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: logFile))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
