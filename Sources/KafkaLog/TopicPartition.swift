/// A topic name and partition number; names the partition's directory `<topic>-<partition>`.
public struct TopicPartition: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(self.topic)-\(self.partition)" }

    /// Parses a directory name. Topic names may contain '-', so the partition is after the last one.
    public init?(directoryName: String) {
        guard let dash = directoryName.lastIndex(of: "-") else { return nil }
        let topic = directoryName[..<dash]
        guard !topic.isEmpty, let partition = Int32(directoryName[directoryName.index(after: dash)...]),
            partition >= 0
        else { return nil }
        self.init(topic: String(topic), partition: partition)
    }
}
