import ArgumentParser
import Foundation
import Lab

struct ClusterStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each process (running, paused, dead, stopped), broker registration, the controller and "
            + "partition health.",
        discussion: """
            'dead' means the process is gone without 'down' stopping it (crashed or killed). A paused or dead \
            broker stays registered until its ZooKeeper session times out (--session-timeout-ms of 'up').

            Partitions are read from ZooKeeper: 'offline' has no live leader, 'under-replicated' has fewer \
            replicas in sync than assigned, 'reassigning' is being moved. Each unhealthy one is listed with its \
            leader, replicas and ISR.
            """
    )

    @OptionGroup var location: ClusterLocationOptions

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() async throws {
        let status = try await location.load().status()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        print("Cluster '\(status.name)' in \(status.directory)")
        print("ZooKeeper   \(status.zookeeperConnect)   \(status.zookeeper.rawValue)"
            + (status.zookeeperPID.map { "   pid \($0)" } ?? ""))
        print("Controller  " + (status.controllerID.map { "broker \($0)" } ?? "none"))
        print("Bootstrap   \(status.bootstrap)")
        print("")
        print(pad("BROKER", 8) + pad("ADDRESS", 18) + pad("STATE", 10) + pad("PID", 9) + "REGISTERED")
        for broker in status.brokers {
            let registered = broker.registered.map { $0 ? "yes" : "no" } ?? "?"
            print(pad("\(broker.id)", 8) + pad("127.0.0.1:\(broker.port)", 18) + pad(broker.state.rawValue, 10)
                + pad(broker.pid.map { "\($0)" } ?? "-", 9) + registered)
        }
        print("")
        printPartitions(status.partitions)
    }

    private func printPartitions(_ health: PartitionHealth?) {
        guard let health else {
            print("Partitions  unknown (ZooKeeper not reachable)")
            return
        }
        print("Partitions  \(health.total) total, \(health.offline.count) offline, "
            + "\(health.underReplicated.count) under-replicated, \(health.reassigning.count) reassigning")
        let list: ([Int32]) -> String = { $0.map(String.init).joined(separator: ",") }
        for (label, partitions) in [("offline", health.offline), ("under-replicated", health.underReplicated)] {
            for partition in partitions {
                print("  " + pad(label, 18) + pad(partition.name, 24)
                    + "Leader: \(partition.leader == -1 ? "none" : "\(partition.leader)")"
                    + "\tReplicas: \(list(partition.replicas))\tIsr: \(list(partition.isr))")
            }
        }
        for move in health.reassigning {
            print("  " + pad("reassigning", 18) + pad("\(move.topic)-\(move.partition)", 24)
                + "to Replicas: \(list(move.replicas))")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
