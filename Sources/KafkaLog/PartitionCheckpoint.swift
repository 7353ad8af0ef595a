/// Offsets of one partition that must survive restarts, in `partition-checkpoint` (text, `key value` lines).
/// Kept per partition rather than per log dir so a `PartitionLog` is self-contained.
struct PartitionCheckpoint: Equatable {
    var logStartOffset: Int64
    var highWatermark: Int64
    /// Everything below this offset was fsynced; recovery after a crash starts at its segment.
    var recoveryPoint: Int64

    func encoded() -> String {
        """
        version 0
        log-start-offset \(self.logStartOffset)
        high-watermark \(self.highWatermark)
        recovery-point \(self.recoveryPoint)

        """
    }

    static func decode(_ text: String) -> PartitionCheckpoint? {
        var values: [Substring: Int64] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let value = Int64(fields[1]) else { return nil }
            values[fields[0]] = value
        }
        guard values["version"] == 0, let start = values["log-start-offset"],
            let highWatermark = values["high-watermark"], let recoveryPoint = values["recovery-point"]
        else { return nil }
        return PartitionCheckpoint(logStartOffset: start, highWatermark: highWatermark, recoveryPoint: recoveryPoint)
    }
}
