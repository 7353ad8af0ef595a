import ArgumentParser
import Broker
import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run one Kafka-compatible broker in the foreground.",
        discussion: """
            Reads a Kafka-style server.properties (broker.id, listeners, advertised.listeners, log.dirs,
            zookeeper.connect, num.partitions, default.replication.factor, auto.create.topics.enable,
            log.segment.bytes, log.retention.ms, log.retention.bytes, message.max.bytes, ...). Flags and
            --override win over the file. Unknown keys are warned about; invalid values stop the broker with an
            error naming the key. SIGTERM or Ctrl-C shuts down cleanly.

            Example:
              kafkalab broker --config server.properties --override log.retention.ms=60000
            """
    )

    @Option(name: .long, help: "A server.properties file.")
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Set a property, as in server.properties (repeatable).", valueName: "key=value"))
    var override: [String] = []

    @Option(name: .long, help: "broker.id")
    var brokerId: Int32?

    @Option(name: .long, help: "listeners, e.g. PLAINTEXT://127.0.0.1:9092")
    var listeners: String?

    @Option(name: .long, help: "log.dirs (comma-separated)")
    var logDirs: String?

    @Option(name: .long, help: "zookeeper.connect, e.g. 127.0.0.1:2181/kafkalab")
    var zookeeperConnect: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        var logger = Logger(label: "kafkalab.broker")
        logger.logLevel = level
        let loaded: BrokerConfig.Loaded
        do {
            loaded = try BrokerConfig.load(try entries())
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        for key in loaded.unknownKeys {
            logger.warning("unknown config key, ignored", metadata: ["key": "\(key)"])
        }
        // The broker's tasks run on NIO's event loops instead of Swift's own thread pool, so a request goes from its
        // socket to its handler and back without a thread switch: a replicating broker made half the context
        // switches (docs/replication.md, "Replication cost"). Process-wide, hence here, before anything starts.
        if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            logger.notice("tasks stay on Swift's default executor: NIO could not take it over")
        }
        let broker = try await Broker.start(config: loaded.config, logger: logger)
        let task = Task { try await broker.run() }
        let signals = ShutdownSignals { task.cancel() }
        defer { signals.cancel() }
        try await task.value
    }

    private func entries() throws -> [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = []
        if let config {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
                throw ValidationError("cannot read config file '\(config)'")
            }
            entries += JavaProperties.parse(text).map { ($0.key, $0.value) }
        }
        for item in override {
            guard let equals = item.firstIndex(of: "=") else {
                throw ValidationError("--override expects key=value, got '\(item)'")
            }
            entries.append((String(item[..<equals]), String(item[item.index(after: equals)...])))
        }
        if let brokerId { entries.append(("broker.id", String(brokerId))) }
        if let listeners { entries.append(("listeners", listeners)) }
        if let logDirs { entries.append(("log.dirs", logDirs)) }
        if let zookeeperConnect { entries.append(("zookeeper.connect", zookeeperConnect)) }
        return entries
    }
}

/// Turns SIGTERM and SIGINT into a callback, so the broker can shut down cleanly instead of dying mid-write.
final class ShutdownSignals: @unchecked Sendable {  // Dispatch sources are thread-safe; the array is immutable.
    private let sources: [any DispatchSourceSignal]

    init(_ onSignal: @escaping @Sendable () -> Void) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    func cancel() { for source in sources { source.cancel() } }
}
