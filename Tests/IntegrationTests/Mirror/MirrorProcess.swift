import Foundation
import Testing

/// A `kafkalab mirror` child process, so that a test can `kill -9` it like an operator would. Its output goes to a
/// file in the test's directory, which failure messages quote.
final class MirrorProcess: Sendable {
    private let process = Process()
    let outputPath: String

    /// Starts `kafkalab mirror --source S --destination D` plus `arguments`; output to `<directory>/<name>.log`.
    init(source: String, destination: String, arguments: [String], directory: String, name: String) throws {
        outputPath = "\(directory)/\(name).log"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: outputPath])
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        process.executableURL = URL(fileURLWithPath: try KafkalabExecutable.path())
        process.arguments = ["mirror", "--source", source, "--destination", destination] + arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// SIGKILL: no drain, no commit, no goodbye to the consumer group.
    func killHard() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        _ = await exitStatus(within: .seconds(10))
    }

    /// SIGTERM (the mirror drains and commits) and waits up to `timeout`; SIGKILL after that. Returns the exit
    /// status, or nil when it had to be killed.
    @discardableResult
    func stop(within timeout: Duration = .seconds(40)) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        if let status = await exitStatus(within: timeout) { return status }
        kill(process.processIdentifier, SIGKILL)
        _ = await exitStatus(within: .seconds(10))
        return nil
    }

    private func exitStatus(within timeout: Duration) async -> Int32? {
        let exited = await eventually(timeout: timeout, every: .milliseconds(50)) { !process.isRunning }
        return exited ? process.terminationStatus : nil
    }

    /// Partitions assigned to this process, from its latest live line (`..., 6 partitions, lag ...`), or nil
    /// before the first one.
    func assignedPartitions() -> Int? {
        guard let data = FileManager.default.contents(atPath: outputPath) else { return nil }
        let text = String(decoding: data.suffix(20_000), as: UTF8.self)
        guard let line = text.split(separator: "\n").last(where: { $0.contains(" partitions, lag") }),
            let range = line.range(of: " partitions, lag")
        else { return nil }
        return Int(line[..<range.lowerBound].split(separator: " ").last ?? "")
    }

    /// The end of the mirror's output, for failure messages.
    func outputTail(bytes: Int = 4000) -> String {
        guard let data = FileManager.default.contents(atPath: outputPath) else { return "(no \(outputPath))" }
        return "mirror output (\(outputPath)):\n" + String(decoding: data.suffix(bytes), as: UTF8.self)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Runs `body` with a mirror process and always stops it afterwards (SIGTERM, then SIGKILL), also when `body`
/// throws; on failure the end of its output is recorded.
func withMirror<T: Sendable>(
    source: String, destination: String, arguments: [String], directory: String, name: String = "mirror",
    _ body: (MirrorProcess) async throws -> T
) async throws -> T {
    let mirror = try MirrorProcess(
        source: source, destination: destination, arguments: arguments, directory: directory, name: name)
    do {
        let result = try await body(mirror)
        await mirror.stop()
        return result
    } catch {
        await mirror.stop()
        Issue.record("\(mirror.outputTail())")
        throw error
    }
}
