import Foundation

/// Finds the `kafkalab` binary the integration tests start as broker processes.
///
/// `swift build` / `swift test` put it in the same products directory as the test bundle, so the search is: the
/// `KAFKALAB_BIN` environment variable, then beside the running test bundle, then `<repo>/.build*/debug/`.
enum KafkalabExecutable {
    struct Missing: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "kafkalab executable not found (searched: \(searched.joined(separator: ", "))). Run "
                + "'swift build --product kafkalab' with the same --scratch-path, or set KAFKALAB_BIN=/path/to/kafkalab"
        }
    }

    static func path() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["KAFKALAB_BIN"], !explicit.isEmpty {
            candidates.append(explicit)
        }
        for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            // The test runner is `<products>/KafkaLabPackageTests.xctest` (a file on Linux) or lives inside it.
            var directory = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent("kafkalab").path)
                directory.deleteLastPathComponent()
            }
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repository.appendingPathComponent(".build/debug/kafkalab").path)
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw Missing(searched: candidates)
    }
}
