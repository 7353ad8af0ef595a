import Foundation
import Report

/// Results, table and HTML report of the MirrorMaker PoC scenario.
struct DemoPOCReport: Sendable, Codable {
    var scenario = "mirrormaker-poc"
    var verdict = ""
    var reasons: [String] = []
    var interrupted: Bool
    var stageSeconds: Double
    var sourceBootstrap: String
    var destinationBootstrap: String
    var bursts: [DemoBurstResult]
    var stages: [DemoStageResult]

    init(settings: DemoSettings, bursts: [DemoBurstResult], stages: [DemoStageResult], interrupted: Bool,
        sourceBootstrap: String, destinationBootstrap: String) {
        self.interrupted = interrupted
        self.stageSeconds = settings.stageDuration
        self.sourceBootstrap = sourceBootstrap
        self.destinationBootstrap = destinationBootstrap
        self.bursts = bursts
        self.stages = stages
        for burst in bursts where !burst.passed {
            reasons.append("burst of \(burst.records): " + (burst.failed > 0 ? "\(burst.failed) not acknowledged"
                : "not all mirrored in time"))
        }
        for stage in stages {
            if !stage.held { reasons.append("stage \(Int(stage.targetRate))/s: only \(format1(stage.achievedRate))/s") }
            if !stage.arrived {
                reasons.append("stage \(Int(stage.targetRate))/s: \(stage.results.counts.lost) acknowledged records lost")
            }
        }
        if interrupted { reasons.append("interrupted before every step ran") }
        verdict = reasons.isEmpty ? "PASS" : "FAIL"
        directory = settings.directory
    }

    var directory: String

    func write() throws -> DemoFinal {
        let resultsFile = directory + "/results.json"
        let reportFile = directory + "/report.html"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: resultsFile))
        try html().render().write(toFile: reportFile, atomically: true, encoding: .utf8)
        var text = "Verdict: \(verdict)\n\n" + burstTable().render() + "\n\n" + stageTable().render() + "\n\n"
        text += reasons.map { "reason: \($0)\n" }.joined()
        text += "Results: \(resultsFile)\nReport:  \(reportFile)"
        return DemoFinal(passed: reasons.isEmpty, text: text)
    }

    func burstTable() -> TextTable {
        TextTable(headers: ["records of 24 KB", "time to produce", "time until last mirrored", "not acknowledged"],
            rows: bursts.map { burst in
                ["\(burst.records)", "\(format1(burst.produceSeconds)) s",
                    burst.mirroredSeconds.map { "\(format1($0)) s" } ?? "timeout", "\(burst.failed)"]
            })
    }

    func stageTable() -> TextTable {
        TextTable(headers: ["target rate", "achieved", "held", "acknowledged", "mirrored", "lost", "duplicated",
            "e2e p99", "everything arrived"],
            rows: stages.map { stage in
                ["\(Int(stage.targetRate))/s", "\(format1(stage.achievedRate))/s", stage.held ? "yes" : "NO",
                    "\(stage.results.acknowledged)", "\(stage.results.received)", "\(stage.results.counts.lost)",
                    "\(stage.results.counts.duplicate)", "\(format1(stage.results.aggregatedEndToEndLatency99pct)) ms",
                    stage.arrived ? "yes" : "NO"]
            })
    }

    func html() -> HTMLReport {
        var report = HTMLReport(title: "KafkaLab demo: MirrorMaker proof of concept", verdict: verdict,
            summary: [("source cluster", sourceBootstrap), ("destination cluster", destinationBootstrap),
                ("stage length", "\(format1(stageSeconds)) s"), ("files", directory)])
        if !reasons.isEmpty { report.add("Why it failed", .table(headers: ["reason"], rows: reasons.map { [$0] })) }
        let bursts = burstTable()
        report.add("Bursts of 24 KB records", .table(headers: bursts.headers, rows: bursts.rows),
            .paragraph("Time to produce: from the first record handed to the client until the source acknowledged "
                + "the last. Time until last mirrored: from the first record until the destination held them all."))
        let stages = stageTable()
        var received: [Double] = []
        var sent: [Double] = []
        var markers: [ChartMarker] = []
        for stage in self.stages {
            markers.append(ChartMarker(x: Double(received.count), label: "\(Int(stage.targetRate))/s stage"))
            received += stage.results.consumeRate
            sent += stage.results.publishRate
        }
        report.add("Rate stages", .table(headers: stages.headers, rows: stages.rows),
            .chart(SVGLineChart(title: "Records per second through the mirror", xLabel: "seconds (stages back to back)",
                yLabel: "records/s",
                series: [ChartSeries(name: "sent (source)", color: "#1f77b4", values: sent),
                    ChartSeries(name: "received (destination)", color: "#ff7f0e", values: received)],
                markers: markers)))
        return report
    }
}
