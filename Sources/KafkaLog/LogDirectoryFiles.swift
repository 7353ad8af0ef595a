import Foundation
import NIOCore

/// Small whole-file helpers for checkpoints, indexes and snapshots. Writes go to a temporary file that is
/// synced and renamed over the target, so a crash leaves either the old or the new content, never a mix.
enum LogDirectoryFiles {
    static func writeAtomically(_ bytes: ByteBuffer, to path: String) throws(LogError) {
        let temporary = path + ".tmp"
        let file = try SegmentFile.open(temporary, create: true)
        try file.truncate(to: 0)
        try file.write(bytes, at: 0)
        try file.sync()
        if rename(temporary, path) != 0 {
            throw .kafkaStorageError("rename \(temporary) -> \(path): errno \(errno)")
        }
    }

    static func writeAtomically(_ text: String, to path: String) throws(LogError) {
        try Self.writeAtomically(ByteBuffer(string: text), to: path)
    }

    /// Whole file content, or nil when it does not exist.
    static func read(_ path: String) throws(LogError) -> ByteBuffer? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let file = try SegmentFile.open(path, create: false)
        return try file.read(at: 0, count: Int(try file.size()))
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func remove(_ path: String) throws(LogError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .kafkaStorageError("remove \(path): \(error)")
        }
    }

    static func list(_ directory: String) throws(LogError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .kafkaStorageError("list \(directory): \(error)")
        }
    }

    static func createDirectory(_ path: String) throws(LogError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .kafkaStorageError("mkdir \(path): \(error)")
        }
    }
}
