/// A topic as the planner needs to see it: its partition count and replication factor.
public struct TopicShape: Sendable, Equatable {
    public var partitions: Int
    public var replicationFactor: Int

    public init(partitions: Int, replicationFactor: Int = 1) {
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}

/// A destination topic to create for a source topic.
public struct TopicCreation: Sendable, Equatable {
    public var source: String
    public var destination: String
    public var partitions: Int
    public var replicationFactor: Int

    public init(source: String, destination: String, partitions: Int, replicationFactor: Int) {
        self.source = source
        self.destination = destination
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}

/// A destination topic to grow because its source gained partitions.
public struct PartitionGrowth: Sendable, Equatable {
    public var destination: String
    public var from: Int
    public var to: Int

    public init(destination: String, from: Int, to: Int) {
        self.destination = destination
        self.from = from
        self.to = to
    }
}

/// What to do to the destination so that it can receive every mirrored topic, decided from the two clusters'
/// metadata alone (a pure value; the synchronizer performs it).
public struct TopicPlan: Sendable, Equatable {
    /// Source topic → destination topic, for every source topic that passes the filter.
    public var mirrored: [String: String] = [:]
    public var creations: [TopicCreation] = []
    public var growths: [PartitionGrowth] = []
    /// Conditions the mirror cannot fix (e.g. a destination with more partitions than its source).
    public var warnings: [String] = []

    public init() {}

    /// Source topics whose destination exists already: safe to consume now.
    public var ready: [String] {
        let creating = Set(creations.map(\.source))
        return mirrored.keys.filter { !creating.contains($0) }.sorted()
    }

    /// Plans from source and destination metadata. Topics with no partitions (metadata errors) are left for a
    /// later round. With a rename prefix and `sameCluster`, topics already carrying the prefix are the mirror's
    /// own output and are skipped, so the mirror never copies its copies.
    public static func make(
        source: [String: TopicShape], destination: [String: TopicShape], destinationBrokers: Int,
        filter: TopicFilter, renamePrefix: String = "", sameCluster: Bool = false
    ) -> TopicPlan {
        var plan = TopicPlan()
        let candidates = filter.select(source.keys.sorted()).filter { name in
            !(sameCluster && !renamePrefix.isEmpty && name.hasPrefix(renamePrefix))
        }
        for name in candidates {
            guard let shape = source[name], shape.partitions > 0 else { continue }
            let target = renamePrefix + name
            plan.mirrored[name] = target
            guard let existing = destination[target] else {
                let factor = max(1, min(shape.replicationFactor, max(destinationBrokers, 1)))
                plan.creations.append(
                    TopicCreation(
                        source: name, destination: target, partitions: shape.partitions, replicationFactor: factor))
                continue
            }
            if existing.partitions < shape.partitions {
                plan.growths.append(PartitionGrowth(destination: target, from: existing.partitions, to: shape.partitions))
            } else if existing.partitions > shape.partitions {
                plan.warnings.append(
                    "\(target) has \(existing.partitions) partitions, more than \(name)'s \(shape.partitions): "
                        + "partitions above \(shape.partitions - 1) stay empty")
            }
        }
        return plan
    }

    /// The destination name for a source topic under `renamePrefix`.
    public static func destinationName(of source: String, renamePrefix: String) -> String { renamePrefix + source }
}
