import KafkaWire

/// Everything a `PartitionLog` guards with its mutex. `segments` is sorted by base offset, never empty while
/// open, and its last element is the active segment.
struct PartitionLogState {
    var segments: [LogSegment]
    var logStartOffset: Int64
    var highWatermark: Int64
    var recoveryPoint: Int64
    var epochCache: LeaderEpochCache
    var producers: [Int64: ProducerEntry]
    var isClosed = false

    var active: LogSegment { self.segments[self.segments.count - 1] }
    var logEndOffset: Int64 { self.active.nextOffset }

    var checkpoint: PartitionCheckpoint {
        PartitionCheckpoint(
            logStartOffset: self.logStartOffset,
            highWatermark: self.highWatermark,
            recoveryPoint: self.recoveryPoint
        )
    }

    /// Index of the segment that holds `offset`: the last whose base offset is <= it (0 if none). O(log n).
    func segmentIndex(for offset: Int64) -> Int {
        var low = 0
        var high = self.segments.count
        while low < high {
            let middle = (low + high) / 2
            if self.segments[middle].baseOffset <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    var sizeInBytes: Int64 {
        self.segments.reduce(0) { $0 + Int64($1.size) }
    }
}
