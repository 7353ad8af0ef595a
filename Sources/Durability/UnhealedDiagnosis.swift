import KafkaClient
import Lab

/// What the cluster looked like when the ISR did not heal after a fault: the partitions out of sync, the brokers
/// still registered, and the end of every broker's log. Printed at once, because the run stops injecting faults
/// then (a cluster that did not heal makes the following faults meaningless, and each would wait out the heal
/// timeout), and a test runner may delete the directory holding the logs.
enum UnhealedDiagnosis {
    static func lines(metadata: ClusterMetadata?, topic: String, logTails: [(broker: Int, tail: String)]) -> [String] {
        var lines: [String] = []
        if let metadata {
            let registered = metadata.brokers.map(\.id).sorted()
            lines.append("registered brokers: \(registered), controller \(metadata.controllerId)")
            let partitions = metadata.topics.first { $0.name == topic }?.partitions ?? []
            for partition in partitions.sorted(by: { $0.id < $1.id })
            where partition.leader < 0 || Set(partition.isr) != Set(partition.replicas) {
                let missing = partition.replicas.filter { !partition.isr.contains($0) }
                lines.append(
                    "out of sync: \(topic)-\(partition.id) leader \(partition.leader), replicas \(partition.replicas), "
                        + "ISR \(partition.isr), missing \(missing)")
            }
        } else {
            lines.append("no broker answered a metadata request")
        }
        for (broker, tail) in logTails {
            lines.append("broker \(broker) log, last lines:")
            lines += tail.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
        }
        return lines
    }
}
