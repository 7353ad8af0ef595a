import KafkaClient
import Logging
import Synchronization

/// Continuous replication of topics from a source cluster to a destination cluster, at least once.
///
/// `run` mirrors until `stop()` (or a fatal error), then drains: every record already handed to the producer is
/// awaited, offsets are committed, clients are closed. Several processes with the same group share the
/// partitions and take over from one another through the source cluster's consumer group.
public final class Mirror: Sendable {
    public let settings: MirrorSettings
    private let synchronizer: TopicSynchronizer
    private let workers: [MirrorWorker]
    private let latch = StopLatch()
    private let totals = Mutex<(latency: LatencyHistogram, lastRecords: Int64, lastBytes: Int64, lastMicros: Int64)>(
        (LatencyHistogram(), 0, 0, 0))
    private let startMicros = wallClockMicros()
    private let logger: Logger

    public init(settings: MirrorSettings, logger: Logger = Logger(label: "kafkalab.mirror")) throws(MirrorError) {
        try settings.validate()
        self.settings = settings
        self.logger = logger
        do {
            let synchronizer = try TopicSynchronizer(settings: settings, logger: logger)
            self.synchronizer = synchronizer
            let latch = self.latch
            workers = try (0..<settings.workers).map { index throws(KafkaError) in
                try MirrorWorker(index: index, settings: settings, synchronizer: synchronizer, logger: logger) {
                    error in
                    logger.error("\(error)")
                    latch.signal(error)
                }
            }
        } catch {
            throw MirrorError("cannot create clients: \(error)")
        }
        totals.withLock { $0.lastMicros = startMicros }
    }

    /// Asks a running mirror to drain and return. Safe from any thread, e.g. a signal handler's task.
    public func stop() {
        latch.signal()
    }

    /// Mirrors until `stop()`; `onProgress` gets a snapshot every `reportIntervalMillis`. Returns the final
    /// snapshot; throws when a record could not be delivered (its offset was not committed).
    @discardableResult
    public func run(onProgress: @escaping @Sendable (MirrorProgress) -> Void = { _ in }) async throws(MirrorError)
        -> MirrorProgress
    {
        let workers = self.workers
        let onReady: @Sendable ([String]) -> Void = { topics in workers.forEach { $0.subscribe(topics) } }
        if let ready = await synchronizer.syncOnce() { onReady(ready) }
        let consuming = workers.map { worker in Task { await worker.consumeLoop() } }
        let reporting = workers.map { worker in Task { await worker.reportLoop() } }
        let committing = workers.map { worker in Task { await worker.commitLoop() } }
        let syncing = Task { [synchronizer] in await synchronizer.run(onReady: onReady) }
        let progressing = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(settings.reportIntervalMillis))
                if Task.isCancelled { break }
                onProgress(await progress())
            }
        }

        await latch.wait()
        logger.info("stopping: draining in-flight records and committing")
        syncing.cancel()
        progressing.cancel()
        for task in consuming {
            task.cancel()
            await task.value
        }
        for worker in workers { await worker.drain(timeoutMillis: 30_000) }
        for task in committing {
            task.cancel()
            await task.value
        }
        for task in reporting { await task.value }
        await progressing.value
        let final = await progress()
        if let error = latch.error { throw error }
        return final
    }

    /// A snapshot over all workers; rates cover the time since the previous snapshot.
    public func progress() async -> MirrorProgress {
        var snapshot = MirrorProgress()
        var interval = LatencyHistogram()
        for worker in workers {
            let (ledger, workerInterval, partitions) = await worker.snapshot()
            snapshot.records += ledger.records
            snapshot.bytes += ledger.bytes
            snapshot.retries += ledger.retries
            snapshot.partitions += partitions
            interval.merge(workerInterval)
            snapshot.totalFetchLatency.merge(ledger.fetchLatency)
        }
        let now = wallClockMicros()
        snapshot.elapsedSeconds = Double(now - startMicros) / 1_000_000
        snapshot.intervalLatency = interval
        totals.withLock { totals in
            totals.latency.merge(interval)
            let seconds = Double(now - totals.lastMicros) / 1_000_000
            if seconds > 0 {
                snapshot.recordsPerSecond = Double(snapshot.records - totals.lastRecords) / seconds
                snapshot.bytesPerSecond = Double(snapshot.bytes - totals.lastBytes) / seconds
            }
            totals.lastRecords = snapshot.records
            totals.lastBytes = snapshot.bytes
            totals.lastMicros = now
            snapshot.totalLatency = totals.latency
        }
        snapshot.partitions.sort { $0.partition < $1.partition }
        return snapshot
    }
}
