import ArgumentParser
import Foundation
import KafkaClient
import Logging
import Mirror

/// `kafkalab mirror`: continuous at-least-once replication between two clusters (MirrorMaker's job).
struct MirrorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirror",
        abstract: "Replicate topics from a source cluster to a destination cluster, at least once.",
        discussion: """
            Copies key, value, headers and timestamp into the same partition number, creates missing destination \
            topics (source partition count and configs) and grows partitions. Source offsets are committed only \
            once the destination acknowledged every record before them. Several processes with the same --group \
            share the partitions; a killed one's partitions move to the others when its session expires (10 s by \
            default: -X source.session.timeout.ms). SIGTERM/SIGINT drain, commit and print a summary.
            -X key=value applies to both sides; -X source.key=value or -X destination.key=value to one.
            Example:
              kafkalab mirror --source 127.0.0.1:9092 --destination 127.0.0.1:9192 --topics 'orders.*' \\
                --exclude '.*-internal' --rename-prefix dc1. --workers 2 -X destination.compression.type=lz4
            """)

    @Option(help: "Source cluster bootstrap servers.") var source: String
    @Option(help: "Destination cluster bootstrap servers.") var destination: String
    @Option(help: "Regular expression: source topics to mirror (whole-name match).") var topics: String
    @Option(help: "Regular expression: source topics to skip (whole-name match).") var exclude: String?
    @Option(help: "Prefix added to destination topic names.") var renamePrefix = ""
    @Option(help: "Consumer/producer pairs in this process.") var workers = 1
    @Option(help: "Source consumer group; mirrors with the same group share the partitions.")
    var group = "kafkalab-mirror"
    @Option(help: "How often to compare topic metadata (ms).") var metadataIntervalMs = 3_000
    @Option(help: "How often to commit acknowledged offsets (ms).") var commitIntervalMs = 1_000
    @Option(help: "Stop after this many seconds (default: until SIGTERM/SIGINT).") var duration: Double?
    @Flag(help: "No live line every second; only the summary at exit.") var quiet = false
    @Option(
        name: .customShort("X"),
        help: ArgumentHelp("librdkafka property: [source.|destination.]key=value (repeatable).", valueName: "k=v"))
    var properties: [String] = []
    @Option(help: ArgumentHelp("Properties file for both sides (prefixes as -X).", valueName: "file"))
    var clientConfig: String?

    func validate() throws {
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
    }

    func run() async throws {
        var split = MirrorClientProperties()
        do {
            if let clientConfig {
                guard let text = try? String(contentsOfFile: clientConfig, encoding: .utf8) else {
                    throw ValidationError("cannot read --client-config \(clientConfig)")
                }
                try split.merge(try KafkaConfig.parseProperties(text))
            }
            let flags = try MirrorClientProperties.parse(properties)
            split.source.merge(flags.source) { _, new in new }
            split.destination.merge(flags.destination) { _, new in new }
        } catch let error as MirrorError {
            throw ValidationError(error.message)
        } catch let error as KafkaError {
            throw ValidationError("--client-config \(clientConfig ?? ""): \(error.message)")
        }
        let settings: MirrorSettings
        do {
            settings = MirrorSettings(
                source: KafkaConfig(bootstrapServers: source, split.source),
                destination: KafkaConfig(bootstrapServers: destination, split.destination),
                filter: try TopicFilter(include: topics, exclude: exclude), renamePrefix: renamePrefix,
                workers: workers, group: group, metadataIntervalMillis: metadataIntervalMs,
                commitIntervalMillis: commitIntervalMs)
            try settings.validate()
        } catch {
            throw ValidationError(error.message)
        }
        var logger = Logger(label: "kafkalab.mirror")
        logger.logLevel = .info
        let mirror = try Mirror(settings: settings, logger: logger)
        let signals = ShutdownSignals { mirror.stop() }
        defer { signals.cancel() }
        let timer = duration.map { seconds in
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                mirror.stop()
            }
        }
        defer { timer?.cancel() }
        let quiet = self.quiet
        do {
            let final = try await mirror.run { progress in
                if !quiet { printError(progress.liveLine) }
            }
            print(final.summary)
        } catch {
            printError("mirror failed: \(error)")
            throw ExitCode(1)
        }
    }
}
