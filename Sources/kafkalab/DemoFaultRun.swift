import Foundation
import Report
import Tester

/// The default scenario: steady load through source -> mirror -> destination while faults are injected.
struct DemoFaultRun: Sendable {
    let settings: DemoSettings
    let environment: DemoEnvironment
    let stop: StopSignal

    func run() async throws -> DemoFinal {
        let schedule = settings.faults ? try FaultSchedule(duration: settings.duration) : .none(duration: settings.duration)
        printLine("KafkaLab demo: source cluster -> mirror -> destination cluster, \(format1(settings.duration)) s "
            + "at \(format1(settings.rate)) records/s of \(settings.messageSize) bytes. Files: \(settings.directory)")
        for fault in schedule.faults {
            printLine("  at \(format1(fault.at)) s: \(fault.kind.title)"
                + (fault.restartAt.map { ", restart at \(format1($0)) s" } ?? ""))
        }
        let topics = try await prepare()
        let timeline = DemoTimeline()
        let injector = DemoFaultInjector(environment: environment, topics: topics, timeline: timeline,
            schedule: schedule, stop: stop, output: { printLine($0) })
        let faulting = Task { await injector.run() }
        let results: TestResults
        do {
            results = try await TestRun(options: testOptions(), logger: testerLogger, output: { line in
                if let live = TesterLiveLine(parsing: line) {
                    timeline.sawLiveLine(second: live.second)
                    printLine(demoLiveLine(live, lastFault: timeline.lastFaultSummary))
                } else {
                    printLine("tester: \(line)")
                }
            }).run()
        } catch {
            stop.trigger()
            faulting.cancel()
            _ = await faulting.value
            throw error
        }
        let checks = await faulting.value
        let report = DemoFaultReport(settings: settings, results: results, events: timeline.events, checks: checks,
            interrupted: stop.isTriggered, sourceBootstrap: environment.sourceBootstrap,
            destinationBootstrap: environment.destinationBootstrap)
        return try report.write()
    }

    /// Clusters up, topics created (the growing one with some records), mirror started, and the mirror's copies
    /// of the topics present on the destination, so the tester's consumers find every partition at once.
    private func prepare() async throws -> DemoTopics {
        try await environment.startClusters(progress: { printLine($0) })
        try checkInterrupted()
        let topics = try DemoTopics(environment: environment)
        try await topics.create(DemoTopics.checked, partitions: 3)
        try await topics.create(DemoTopics.growing, partitions: DemoFaultInjector.growingPartitions.before)
        try await topics.write(DemoFaultInjector.initialGrowingRecords, to: DemoTopics.growing,
            partitions: 0..<DemoFaultInjector.growingPartitions.before)
        try environment.startMirror()
        printLine("Mirror started (pid \(environment.mirrorPID ?? 0), log \(environment.mirrorLog))")
        let stop = self.stop
        let took = try await topics.waitForDestinationTopic(DemoTopics.checked, partitions: 3, timeout: .seconds(90),
            interrupted: { stop.isTriggered })
        try await topics.waitForDestinationTopic(DemoTopics.growing,
            partitions: DemoFaultInjector.growingPartitions.before, timeout: .seconds(60),
            interrupted: { stop.isTriggered })
        printLine("The mirror created \(DemoTopics.checked) on the destination after \(format1(took)) s; "
            + "starting the tester")
        return topics
    }

    private func testOptions() -> TestOptions {
        let produce = environment.sourceConfig(["acks": "all", "enable.idempotence": "true"])
        var options = TestOptions(produceConfig: produce, consumeConfig: environment.destinationConfig(),
            topic: DemoTopics.checked, runId: UInt64.random(in: 1...UInt64.max))
        options.rate = settings.rate
        options.duration = settings.duration
        options.messageSize = settings.messageSize
        // A mirror killed with SIGKILL re-sends what it had not committed: duplicates are expected, loss is not.
        options.failOnDuplicates = false
        options.drainTimeout = 90
        options.stop = stop
        return options
    }

    private func checkInterrupted() throws {
        if stop.isTriggered { throw DemoInterrupted() }
    }
}
