import KafkaWire
import Logging
import NIOCore
import Synchronization

/// The log of one partition: `<logDir>/<topic>-<partition>/` with segments, indexes, a leader-epoch cache and
/// idempotent-producer state. Thread-safe: request handlers on several threads append and read concurrently.
/// Appends are serialised by the mutex; reads only hold it to locate bytes and `pread` outside it.
public final class PartitionLog: Sendable {
    public let directory: String
    public let config: LogConfig
    let logger: Logger
    let state: Mutex<PartitionLogState>

    init(directory: String, config: LogConfig, logger: Logger, state: consuming sending PartitionLogState) {
        self.directory = directory
        self.config = config
        self.logger = logger
        self.state = Mutex(state)
    }

    public var logStartOffset: Int64 { self.state.withLock { $0.logStartOffset } }

    /// Offset the next appended record will get.
    public var logEndOffset: Int64 { self.state.withLock { $0.isClosed ? -1 : $0.logEndOffset } }

    /// Consumers read below this. Setting clamps to [logStartOffset, logEndOffset]; it is persisted by
    /// `checkpoint()`, `flush()` and `close()` (Kafka too checkpoints it periodically, not per change).
    public var highWatermark: Int64 {
        get { self.state.withLock { $0.highWatermark } }
        set {
            self.state.withLock { state in
                guard !state.isClosed else { return }
                state.highWatermark = max(state.logStartOffset, min(newValue, state.logEndOffset))
            }
        }
    }

    /// Total bytes of all segments.
    public var sizeInBytes: Int64 { self.state.withLock { $0.isClosed ? 0 : $0.sizeInBytes } }

    public var segmentCount: Int { self.state.withLock { $0.segments.count } }

    /// Base offsets of the segments, oldest first (tests, tools).
    public var segmentBaseOffsets: [Int64] { self.state.withLock { $0.segments.map(\.baseOffset) } }

    /// Persists log start offset, high watermark and recovery point.
    public func checkpoint() throws(LogError) {
        try self.state.withLock { state throws(LogError) in
            guard !state.isClosed else { return }
            try self.writeCheckpoint(state)
        }
    }

    func writeCheckpoint(_ state: PartitionLogState) throws(LogError) {
        try LogDirectoryFiles.writeAtomically(
            state.checkpoint.encoded(),
            to: self.directory + "/" + LogFileNames.partitionCheckpoint
        )
    }

    func writeEpochCheckpoint(_ state: PartitionLogState) throws(LogError) {
        try LogDirectoryFiles.writeAtomically(
            state.epochCache.encoded(),
            to: self.directory + "/" + LogFileNames.leaderEpochCheckpoint
        )
    }

    /// fsyncs the active segment, writes its indexes and moves the recovery point to the log end.
    public func flush() throws(LogError) {
        try self.state.withLock { state throws(LogError) in
            guard !state.isClosed else { throw .closed }
            try state.active.flush()
            state.recoveryPoint = state.logEndOffset
            try self.writeCheckpoint(state)
        }
    }

    /// Flushes, snapshots producer state, writes the checkpoints and the clean-shutdown marker, and releases
    /// the files. Idempotent. A later `open` of the directory skips recovery thanks to the marker.
    public func close() throws(LogError) {
        try self.state.withLock { state throws(LogError) in
            guard !state.isClosed else { return }
            try state.active.seal()
            state.recoveryPoint = state.logEndOffset
            try self.writeProducerSnapshot(state, offset: state.logEndOffset)
            try self.writeEpochCheckpoint(state)
            try self.writeCheckpoint(state)
            try LogDirectoryFiles.writeAtomically("", to: self.directory + "/" + LogFileNames.cleanShutdown)
            state.isClosed = true
            state.segments = []
        }
    }
}
