/// File names inside a partition directory. Segment files carry their base offset as 20 digits so that
/// lexical order is offset order, as in Kafka.
enum LogFileNames {
    static let logSuffix = ".log"
    static let indexSuffix = ".index"
    static let timeIndexSuffix = ".timeindex"
    static let snapshotSuffix = ".snapshot"
    static let leaderEpochCheckpoint = "leader-epoch-checkpoint"
    static let partitionCheckpoint = "partition-checkpoint"
    static let cleanShutdown = ".kafka_cleanshutdown"

    static func offsetPrefix(_ offset: Int64) -> String {
        let digits = String(offset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The offset encoded in a name like `00000000000000000042.log`, if the name has that shape.
    static func offset(fromFileName name: String, suffix: String) -> Int64? {
        guard name.hasSuffix(suffix) else { return nil }
        let stem = name.dropLast(suffix.count)
        guard stem.count == 20, stem.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(stem)
    }
}
