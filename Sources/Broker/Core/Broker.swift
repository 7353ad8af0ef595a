import Foundation
import KafkaLog
import Logging
import NIOCore
import NIOPosix
import Synchronization
import ZooKeeper

/// A running broker: its logs, its ZooKeeper session, its view of the cluster, and the server that answers clients.
public final class Broker: Sendable {
    public let config: BrokerConfig
    let logger: Logger
    let logManager: LogManager
    let controller: Controller
    let replicaManager: ReplicaManager
    let replication: ReplicationService
    /// The ZooKeeper session's client and what is bound to it; both replaced when the session expires.
    let client: ClientHolder
    let session: Mutex<SessionBound>
    /// The metadata the broker has acted on; clients are told who leads from it (Metadata/AppliedMetadata.swift).
    let applied: AppliedMetadata
    /// Suspends leadership after the process was frozen, until its view is confirmed (Replication/PauseFence.swift).
    let pauseFence: PauseFence
    /// Idempotent batches refused unwritten, so batches pipelined behind them are refused alike (no sequence gap).
    let refusedBatches = RefusedProduceBatches()
    let groups: GroupsService
    private let listener: NIOAsyncChannel<KafkaServer.ConnectionChannel, Never>
    private let server: KafkaServer

    var brokerId: Int32 { config.brokerId }

    /// The cluster's id, kept in ZooKeeper's `/cluster/id` and created by the first broker, as Kafka does.
    let clusterId: String

    /// The port the listener is bound to (the real one when the config asked for port 0).
    public let boundPort: Int

    /// Opens the logs (recovering them after a crash), connects to ZooKeeper and binds the listener.
    public static func start(
        config: BrokerConfig, logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Broker {
        let zooKeeper = try await ZooKeeperClient.connect(
            config.zookeeperConnect,
            sessionTimeout: .milliseconds(config.zookeeperSessionTimeoutMs),
            connectTimeout: .milliseconds(config.zookeeperConnectionTimeoutMs),
            logger: logger)
        for path in ZooKeeperPaths.persistentRoots { try await zooKeeper.ensurePath(path) }
        let clusterId = try await ClusterId.readOrCreate(zooKeeper)
        // Topic-level overrides (retention, segment size, ...) must be known before logs are opened.
        let topicOverrides = await Self.readTopicConfigs(zooKeeper)
        let started = ContinuousClock.now
        let logManager = try LogManager(
            logDirectories: config.logDirs, defaultConfig: TopicConfig(broker: config, overrides: [:]).log, logger: logger,
            configFor: { topic in topicOverrides[topic].map { TopicConfig(broker: config, overrides: $0).log } })
        logger.info("logs opened", metadata: ["elapsed": "\(ContinuousClock.now - started)"])
        let server = KafkaServer(
            maxFrameBytes: config.socketRequestMaxBytes, maxInFlightRequests: config.connectionMaxInflightRequests,
            logger: logger)
        let bind = config.listeners.first ?? BrokerConfig.Listener(host: "0.0.0.0", port: 9092)
        let listener = try await server.bind(host: bind.host, port: bind.port, group: group)
        return Broker(
            config: config, logger: logger, zooKeeper: zooKeeper, logManager: logManager, server: server, listener: listener,
            clusterId: clusterId)
    }

    private init(
        config: BrokerConfig, logger: Logger, zooKeeper: ZooKeeperClient, logManager: LogManager, server: KafkaServer,
        listener: NIOAsyncChannel<KafkaServer.ConnectionChannel, Never>, clusterId: String
    ) {
        self.config = config
        self.clusterId = clusterId
        self.logger = logger
        self.logManager = logManager
        self.server = server
        self.listener = listener
        self.boundPort = listener.channel.localAddress?.port ?? config.listeners.first?.port ?? 9092
        let client = ClientHolder(zooKeeper)
        self.client = client
        let controller = Controller(
            brokerId: config.brokerId, zooKeeper: { client.current },
            uncleanLeaderElection: config.uncleanLeaderElectionEnable, logger: logger)
        self.controller = controller
        let replicaManager = ReplicaManager(
            brokerId: config.brokerId, brokerConfig: config, logManager: logManager, logger: logger)
        self.replicaManager = replicaManager
        let replication = ReplicationService(
            config: config, replicaManager: replicaManager, zooKeeper: { client.current }, logger: logger)
        self.replication = replication
        let groups = GroupsService(config: config, replicaManager: replicaManager, logger: logger)
        self.groups = groups
        let applied = AppliedMetadata { metadata in
            await controller.reconcile(metadata)
            replicaManager.reconcile(metadata)
            replication.reconcile(metadata)
            await groups.reconcile(metadata)
        }
        self.applied = applied
        self.pauseFence = PauseFence(sessionTimeoutMs: config.zookeeperSessionTimeoutMs)
        self.session = Mutex(Self.bind(zooKeeper, brokerId: config.brokerId, logger: logger, applied: applied))
    }

    var zooKeeper: ZooKeeperClient { client.current }
    var watcher: MetadataWatcher { session.withLock { $0.watcher } }
    var topicAdmin: TopicAdmin { session.withLock { $0.topicAdmin } }
    var producerIds: ProducerIdAllocator { session.withLock { $0.producerIds } }

    /// Registers in ZooKeeper and serves until the task is cancelled; then shuts down cleanly.
    public func run() async throws {
        try await register()
        let router = RequestRouter(handlers: RequestHandlers(broker: self).all, logger: logger)
        logger.info("broker started", metadata: [
            "brokerId": "\(brokerId)", "listener": "\(config.advertisedListener)", "zookeeper": "\(config.zookeeperConnect)",
        ])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.followZooKeeperSessions() }
            group.addTask { await self.runPauseFence() }
            group.addTask { await self.runMaintenance() }
            group.addTask { await self.replication.runIsrMaintenance { self.watcher.latest } }
            if self.config.autoLeaderRebalanceEnable {
                let interval = Duration.seconds(self.config.leaderImbalanceCheckIntervalSeconds)
                group.addTask {
                    await self.controller.runPreferredLeaderElection(every: interval) { self.watcher.latest }
                }
            }
            group.addTask {
                await self.server.serve(self.listener, router: router)
            }
            await withTaskCancellationHandler {
                await group.next()
            } onCancel: {
                self.watcher.stop()
            }
            group.cancelAll()
        }
        await shutdown()
    }

    /// Leaves the cluster (the ephemeral registration goes with the session) and closes the logs cleanly.
    private func shutdown() async {
        logger.info("shutting down")
        await replication.stop()
        await zooKeeper.close()
        do { try logManager.close() } catch { logger.error("closing logs failed", metadata: ["error": "\(error)"]) }
        logger.info("shut down cleanly")
    }

    func register() async throws {
        let endpoint = config.advertisedListener
        let record = ZooKeeperRecords.BrokerRegistration(
            host: endpoint.host, port: endpoint.port == 0 ? boundPort : endpoint.port,
            endpoints: ["\(endpoint.name)://\(endpoint.host):\(endpoint.port == 0 ? boundPort : endpoint.port)"],
            timestamp: ZooKeeperRecords.timestamp())
        let path = ZooKeeperPaths.broker(brokerId)
        do {
            _ = try await zooKeeper.create(path, data: ZooKeeperRecords.encode(record), mode: .ephemeral)
        } catch ZooKeeperError.nodeExists {
            // Left by this broker's previous life (kill -9), whose session has not expired yet: only one process may
            // hold this id, so take the registration over rather than wait for the old session to time out.
            logger.warning("replacing a stale registration", metadata: ["path": "\(path)"])
            try await zooKeeper.delete(path)
            _ = try await zooKeeper.create(path, data: ZooKeeperRecords.encode(record), mode: .ephemeral)
        }
    }

    /// Checkpoints high watermarks every few seconds (so a crash loses at most that much of them; the log data itself
    /// is recovered from the segments) and applies retention at `log.retention.check.interval.ms`.
    private func runMaintenance() async {
        let checkpointInterval = Duration.seconds(5)
        let retentionInterval = Duration.milliseconds(config.logRetentionCheckIntervalMs)
        var nextRetention = ContinuousClock.now + retentionInterval
        while !Task.isCancelled {
            try? await Task.sleep(for: min(checkpointInterval, retentionInterval))
            logManager.checkpoint()
            if ContinuousClock.now >= nextRetention {
                replicaManager.enforceRetention(nowMs: Self.nowMs())
                nextRetention = ContinuousClock.now + retentionInterval
            }
        }
    }

    private static func readTopicConfigs(_ zooKeeper: ZooKeeperClient) async -> [String: [String: String]] {
        var configs: [String: [String: String]] = [:]
        for topic in (try? await zooKeeper.children(ZooKeeperPaths.topicConfigs)) ?? [] {
            guard let (data, _) = try? await zooKeeper.getData(ZooKeeperPaths.topicConfig(topic)),
                let record = try? ZooKeeperRecords.decode(ZooKeeperRecords.TopicConfig.self, from: data)
            else { continue }
            configs[topic] = record.config
        }
        return configs
    }

    /// The parts that talk to ZooKeeper through one session's client.
    struct SessionBound: Sendable {
        var watcher: MetadataWatcher
        var topicAdmin: TopicAdmin
        var producerIds: ProducerIdAllocator
    }

    /// The current session's client, for components made before the broker (they capture the holder).
    final class ClientHolder: Sendable {
        private let client: Mutex<ZooKeeperClient>
        init(_ client: ZooKeeperClient) { self.client = Mutex(client) }
        var current: ZooKeeperClient { client.withLock { $0 } }
        func replace(with next: ZooKeeperClient) { client.withLock { $0 = next } }
    }

    static func bind(
        _ client: ZooKeeperClient, brokerId: Int32, logger: Logger, applied: AppliedMetadata
    ) -> SessionBound {
        SessionBound(
            watcher: MetadataWatcher(zooKeeper: client, logger: logger, applied: applied),
            topicAdmin: TopicAdmin(zooKeeper: client, logger: logger),
            producerIds: ProducerIdAllocator(zooKeeper: client, brokerId: brokerId))
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
