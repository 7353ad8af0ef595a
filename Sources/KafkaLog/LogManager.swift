import Foundation
import Logging
import Synchronization

/// All partition logs of a broker, spread over one or more log directories.
public final class LogManager: Sendable {
    public let logDirectories: [String]
    public let defaultConfig: LogConfig
    private let logger: Logger
    private let logs: Mutex<[TopicPartition: (log: PartitionLog, directory: String)]>

    /// Opens every `<topic>-<partition>` directory under `logDirectories` (recovering as needed) and removes
    /// leftovers of interrupted deletions (`*-delete`). `configFor` gives per-topic settings.
    public init(
        logDirectories: [String],
        defaultConfig: LogConfig = LogConfig(),
        logger: Logger,
        configFor: (String) -> LogConfig? = { _ in nil }
    ) throws(LogError) {
        guard !logDirectories.isEmpty else { throw .kafkaStorageError("no log directory configured") }
        self.logDirectories = logDirectories
        self.defaultConfig = defaultConfig
        self.logger = logger
        var opened: [TopicPartition: (log: PartitionLog, directory: String)] = [:]
        for logDirectory in logDirectories {
            try LogDirectoryFiles.createDirectory(logDirectory)
            for name in try LogDirectoryFiles.list(logDirectory) {
                let path = logDirectory + "/" + name
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
                else { continue }
                if name.hasSuffix("-delete") {
                    try LogDirectoryFiles.remove(path)
                    continue
                }
                guard let partition = TopicPartition(directoryName: name), opened[partition] == nil else { continue }
                let config = configFor(partition.topic) ?? defaultConfig
                opened[partition] = (
                    try PartitionLog.open(directory: path, config: config, logger: logger), logDirectory
                )
            }
        }
        self.logs = Mutex(opened)
    }

    public func log(for topic: String, partition: Int32) -> PartitionLog? {
        self.logs.withLock { $0[TopicPartition(topic: topic, partition: partition)]?.log }
    }

    public var partitions: [TopicPartition] { self.logs.withLock { Array($0.keys) } }

    /// Returns the existing log, or creates it in the log directory holding the fewest partitions.
    public func createLog(topic: String, partition: Int32, config: LogConfig? = nil) throws(LogError) -> PartitionLog {
        let key = TopicPartition(topic: topic, partition: partition)
        return try self.logs.withLock { logs throws(LogError) -> PartitionLog in
            if let existing = logs[key] { return existing.log }
            var counts = Dictionary(uniqueKeysWithValues: self.logDirectories.map { ($0, 0) })
            for (_, entry) in logs { counts[entry.directory, default: 0] += 1 }
            let directory = self.logDirectories.min { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? self.logDirectories[0]
            let log = try PartitionLog.open(
                directory: directory + "/" + key.description,
                config: config ?? self.defaultConfig,
                logger: self.logger
            )
            logs[key] = (log, directory)
            return log
        }
    }

    /// Closes the log, renames its directory to `<name>.<uuid>-delete` (atomic: a crash leaves no half-deleted
    /// partition that would be reopened), then removes it.
    public func deleteLog(topic: String, partition: Int32) throws(LogError) {
        let key = TopicPartition(topic: topic, partition: partition)
        guard let entry = self.logs.withLock({ $0.removeValue(forKey: key) }) else { return }
        try entry.log.close()
        let doomed = entry.directory + "/" + key.description + "." + UUID().uuidString.lowercased() + "-delete"
        if rename(entry.log.directory, doomed) != 0 {
            throw .kafkaStorageError("rename \(entry.log.directory): errno \(errno)")
        }
        try LogDirectoryFiles.remove(doomed)
    }

    /// Time and size retention over every log; the broker calls this periodically. Returns segments deleted.
    @discardableResult
    public func enforceRetention(nowMs: Int64) -> Int {
        var deleted = 0
        for log in self.allLogs() {
            do {
                deleted += try log.enforceRetention(nowMs: nowMs)
            } catch {
                self.logger.warning(
                    "retention failed",
                    metadata: ["directory": "\(log.directory)", "error": "\(error)"]
                )
            }
        }
        return deleted
    }

    /// Persists high watermarks, log start offsets and recovery points of every log (call periodically).
    public func checkpoint() {
        for log in self.allLogs() {
            do {
                try log.checkpoint()
            } catch {
                self.logger.warning(
                    "checkpoint failed",
                    metadata: ["directory": "\(log.directory)", "error": "\(error)"]
                )
            }
        }
    }

    /// Closes every log cleanly (the next start skips recovery). Throws the first failure after trying all.
    public func close() throws(LogError) {
        let all = self.logs.withLock { logs in
            defer { logs.removeAll() }
            return logs.values.map(\.log)
        }
        var firstError: LogError?
        for log in all {
            do {
                try log.close()
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }

    private func allLogs() -> [PartitionLog] {
        self.logs.withLock { $0.values.map(\.log) }
    }
}
