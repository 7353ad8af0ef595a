import ArgumentParser
import Foundation
import KafkaClient

/// librdkafka pass-through shared by every client command: `-X key=value` and `--client-config FILE`.
struct ClientOptions: ParsableArguments {
    @Option(
        name: .customShort("X"),
        help: ArgumentHelp(
            "Set any librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL.", valueName: "key=value"))
    var properties: [String] = []

    @Option(name: .long, help: ArgumentHelp("A librdkafka properties file (key=value lines).", valueName: "file"))
    var clientConfig: String?

    /// The file's properties, then `-X` on top, then `bootstrap` (when given) on top of both.
    func config(bootstrap: String?) throws -> KafkaConfig {
        var config = KafkaConfig()
        if let clientConfig {
            let text: String
            do {
                text = try String(contentsOfFile: clientConfig, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read --client-config \(clientConfig): \(error.localizedDescription)")
            }
            config = config.merging(try KafkaConfig.parseProperties(text))
        }
        for assignment in properties {
            let (key, value) = try KafkaConfig.parseAssignment(assignment)
            config[key] = value
        }
        if let bootstrap { config["bootstrap.servers"] = bootstrap }
        if config["bootstrap.servers"] == nil {
            throw ValidationError("no bootstrap servers: give --bootstrap-server or -X bootstrap.servers=...")
        }
        return config
    }
}

/// Parses repeated `k=v` flags (e.g. `--config`) into a dictionary, rejecting malformed entries.
func parseAssignments(_ items: [String], flag: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for item in items {
        guard let (key, value) = try? KafkaConfig.parseAssignment(item) else {
            throw ValidationError("\(flag) expects key=value, got '\(item)'")
        }
        result[key] = value
    }
    return result
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
