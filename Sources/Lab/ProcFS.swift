import Foundation

/// Reads of /proc/<pid>/stat: the process state letter and its start time.
enum ProcFS {
    struct Info {
        var state: Character
        var startTime: UInt64
    }

    static func stat(of pid: Int32) -> Info? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    static func startTime(of pid: Int32) -> UInt64? { stat(of: pid)?.startTime }

    /// The command name (field 2) may contain spaces and parentheses, so fields are counted after the last ')'.
    static func parse(_ text: String) -> Info? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return Info(state: state, startTime: start)
    }
}

/// Finding programs to run.
public enum Executable {
    /// `name` if it contains a slash (must be executable), else the first match on PATH.
    public static func resolve(_ name: String) throws -> String {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else {
                throw LabError.executableNotFound(name: name, hint: "no executable file at that path")
            }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LabError.executableNotFound(name: name, hint: hint(for: name))
    }

    /// The running program's own path (for starting brokers as `<self> broker --config ...`).
    public static func current() -> String {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    private static func hint(for name: String) -> String {
        name == "java" ? "ZooKeeper needs a Java runtime; install one (e.g. 'apt-get install default-jre-headless')"
            : "install it or give its full path"
    }
}
