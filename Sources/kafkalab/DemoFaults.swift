import KafkaClient
import Lab
import Report
import Tester

/// What a fault's own check found: a victim that came back, a mirrored topic that grew, a new topic that arrived.
struct DemoCheck: Sendable, Codable, Equatable {
    var kind: FaultKind
    var passed: Bool
    var detail: String
}

/// Injects the scheduled faults at their times on the timeline and checks each one's own effect. Faults run one
/// after the other; the checks that wait for the mirror run in the background so the schedule keeps its times.
struct DemoFaultInjector: Sendable {
    let environment: DemoEnvironment
    let topics: DemoTopics
    let timeline: DemoTimeline
    let schedule: FaultSchedule
    let stop: StopSignal
    let output: @Sendable (String) -> Void
    /// Records written to the growing topic before the run.
    static let initialGrowingRecords = 20
    static let growingPartitions = (before: 2, after: 4)

    func run() async -> [DemoCheck] {
        let stop = self.stop
        let stopped: @Sendable () -> Bool = { stop.isTriggered }
        guard await timeline.waitForStart(stop: stopped) else { return [] }
        return await withTaskGroup(of: [DemoCheck].self) { group in
            for fault in schedule.faults {
                guard await timeline.sleep(until: fault.at, stop: stopped) else { break }
                switch fault.kind {
                case .sourceBrokerKill, .destinationBrokerKill:
                    let check = await killBroker(fault)
                    group.addTask { [check] in [check] }
                case .mirrorKill:
                    let check = await killMirror(fault)
                    group.addTask { [check] in [check] }
                case .addPartitions:
                    let verify = await addPartitions()
                    group.addTask { [verify] in [await verify()] }
                case .newTopic:
                    let verify = await createTopic()
                    group.addTask { [verify] in [await verify()] }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
    }

    private func killBroker(_ fault: ScheduledFault) async -> DemoCheck {
        let isSource = fault.kind == .sourceBrokerKill
        let side = isSource ? "source" : "destination"
        guard let cluster = isSource ? environment.source : environment.destination else {
            return DemoCheck(kind: fault.kind, passed: false, detail: "no \(side) cluster")
        }
        let id = await leaderOfFirstPartition(isSource ? topics.source : topics.destination)
            ?? environment.brokersPerCluster - 1
        do {
            try await cluster.kill(broker: id, signal: .kill)
        } catch {
            return DemoCheck(kind: fault.kind, passed: false, detail: "could not kill broker \(id): \(error)")
        }
        timeline.record(fault.kind, "kill -9 \(side) broker \(id)")
        output("FAULT: kill -9 \(side) broker \(id) (leader of \(DemoTopics.checked)-0)")
        guard let restartAt = fault.restartAt, await timeline.sleep(until: restartAt, stop: { stop.isTriggered })
        else { return DemoCheck(kind: fault.kind, passed: true, detail: "killed; not restarted (interrupted)") }
        timeline.record(fault.kind, "restart \(side) broker \(id)", isRestart: true)
        output("FAULT: restarting \(side) broker \(id)")
        let began = timeline.now
        do {
            try await cluster.start(broker: id)
        } catch {
            return DemoCheck(kind: fault.kind, passed: false, detail: "broker \(id) did not come back: \(error)")
        }
        let ready = timeline.now - began
        output("\(side) broker \(id) is back (ready after \(format1(ready)) s)")
        return DemoCheck(kind: fault.kind, passed: true,
            detail: "broker \(id) down \(format1(restartAt - fault.at)) s, ready \(format1(ready)) s after restart")
    }

    private func killMirror(_ fault: ScheduledFault) async -> DemoCheck {
        guard let pid = environment.killMirror() else {
            return DemoCheck(kind: fault.kind, passed: false, detail: "the mirror was not running")
        }
        timeline.record(fault.kind, "kill -9 mirror")
        output("FAULT: kill -9 mirror (pid \(pid))")
        guard let restartAt = fault.restartAt, await timeline.sleep(until: restartAt, stop: { stop.isTriggered })
        else { return DemoCheck(kind: fault.kind, passed: true, detail: "killed; not restarted (interrupted)") }
        do {
            try environment.startMirror()
        } catch {
            return DemoCheck(kind: fault.kind, passed: false, detail: "the mirror did not restart: \(error)")
        }
        timeline.record(fault.kind, "restart mirror", isRestart: true)
        output("FAULT: mirror restarted (pid \(environment.mirrorPID ?? 0))")
        return DemoCheck(kind: fault.kind, passed: true, detail: "mirror down \(format1(restartAt - fault.at)) s")
    }

    private func leaderOfFirstPartition(_ admin: KafkaAdmin) async -> Int? {
        guard let metadata = try? await admin.describeCluster(topics: [DemoTopics.checked]),
            let leader = metadata.topics.first?.partitions.first(where: { $0.id == 0 })?.leader, leader >= 0
        else { return nil }
        return Int(leader)
    }
}
