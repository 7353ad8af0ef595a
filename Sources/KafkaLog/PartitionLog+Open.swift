import Foundation
import KafkaWire
import Logging
import NIOCore

extension PartitionLog {
    /// Opens (or creates) the partition directory. After a clean shutdown the index files are trusted; after a
    /// crash every batch from the recovery point on is re-validated (CRC, framing, records), a torn or corrupt
    /// tail is cut off, and indexes, the epoch cache and producer state are rebuilt from what remains.
    public static func open(directory: String, config: LogConfig, logger: Logger) throws(LogError) -> PartitionLog {
        let started = ContinuousClock.now
        try LogDirectoryFiles.createDirectory(directory)
        let names = try LogDirectoryFiles.list(directory)
        for name in names where name.hasSuffix(".tmp") {
            try LogDirectoryFiles.remove(directory + "/" + name)
        }
        let markerPath = directory + "/" + LogFileNames.cleanShutdown
        let wasClean = LogDirectoryFiles.exists(markerPath)
        let checkpoint =
            try LogDirectoryFiles.read(directory + "/" + LogFileNames.partitionCheckpoint)
            .flatMap { PartitionCheckpoint.decode(String(buffer: $0)) }
            ?? PartitionCheckpoint(logStartOffset: 0, highWatermark: 0, recoveryPoint: 0)
        let baseOffsets = names.compactMap { LogFileNames.offset(fromFileName: $0, suffix: LogFileNames.logSuffix) }
            .sorted()
        var segments: [LogSegment] = []
        for base in baseOffsets {
            segments.append(try LogSegment.open(baseOffset: base, directory: directory))
        }
        if segments.isEmpty {
            segments.append(try LogSegment.create(baseOffset: checkpoint.logStartOffset, directory: directory))
        }
        var epochCache =
            try LogDirectoryFiles.read(directory + "/" + LogFileNames.leaderEpochCheckpoint)
            .flatMap { LeaderEpochCache.decode(String(buffer: $0)) } ?? LeaderEpochCache()

        let recovery = SegmentRecovery(indexIntervalBytes: config.indexIntervalBytes)
        // Segments wholly below the recovery point were fsynced with their indexes; the rest is suspect.
        let firstSuspect =
            wasClean ? segments.count : Self.firstSuspectSegment(segments, recoveryPoint: checkpoint.recoveryPoint)
        var keep = segments.count
        var cutBytes = 0
        for (position, segment) in segments.enumerated() {
            let fileSize = Int(try segment.file.size())
            if position < firstSuspect, try recovery.load(segment, fileSize: fileSize) {
                continue
            }
            let validEnd = try recovery.rebuild(segment, fileSize: fileSize) { header in
                epochCache.assign(epoch: header.partitionLeaderEpoch, startOffset: header.baseOffset)
            }
            if validEnd < fileSize {
                cutBytes += fileSize - validEnd
                try segment.file.truncate(to: Int64(validEnd))
                // Everything after a corrupt batch is unreachable: later segments go too.
                keep = position + 1
                break
            }
        }
        for dropped in segments[keep...] {
            cutBytes += dropped.size
            try dropped.deleteFiles()
        }
        segments.removeSubrange(keep...)

        let logEndOffset = segments[segments.count - 1].nextOffset
        let logStartOffset = max(checkpoint.logStartOffset, segments[0].baseOffset)
        epochCache.truncateFromEnd(endOffset: logEndOffset)
        epochCache.truncateFromStart(startOffset: logStartOffset)
        let segmentCount = segments.count
        let state = PartitionLogState(
            segments: segments,
            logStartOffset: logStartOffset,
            highWatermark: max(logStartOffset, min(checkpoint.highWatermark, logEndOffset)),
            recoveryPoint: wasClean ? logEndOffset : min(checkpoint.recoveryPoint, logEndOffset),
            epochCache: epochCache,
            producers: [:]
        )
        let log = PartitionLog(directory: directory, config: config, logger: logger, state: state)
        try log.state.withLock { state throws(LogError) in
            try log.rebuildProducerState(&state)
            if !wasClean {
                // Persist what recovery rebuilt (indexes of every re-read segment) and move the recovery point.
                for segment in state.segments[min(firstSuspect, state.segments.count - 1)...] {
                    try segment.flush()
                }
                state.recoveryPoint = state.logEndOffset
            }
            try log.writeEpochCheckpoint(state)
            try log.writeCheckpoint(state)
        }
        // From now on a crash must be detected: the marker only exists between close and open.
        try LogDirectoryFiles.remove(markerPath)
        let elapsed = ContinuousClock.now - started
        logger.info(
            "opened partition log",
            metadata: [
                "directory": "\(directory)", "clean": "\(wasClean)", "segments": "\(segmentCount)",
                "logStartOffset": "\(logStartOffset)", "logEndOffset": "\(logEndOffset)",
                "truncatedBytes": "\(cutBytes)", "recoveryTime": "\(elapsed)",
            ]
        )
        return log
    }

    private static func firstSuspectSegment(_ segments: [LogSegment], recoveryPoint: Int64) -> Int {
        // The segment containing the recovery point and everything after it.
        let index = segments.lastIndex { $0.baseOffset <= recoveryPoint } ?? 0
        return index
    }
}
