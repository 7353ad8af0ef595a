import Foundation
import Report
import Tester

/// One fault as the results file and the report show it.
struct DemoFaultOutcome: Sendable, Codable {
    var kind: FaultKind
    var label: String
    var second: Double
    var restartSecond: Double?
    /// Seconds from the fault until the received rate was back to 90% of the offered rate; nil if it never was.
    var recoverySeconds: Double?
    /// Whether the destination received at least 90% of the offered rate in the second before the fault; when it
    /// did not, the recovery time measures more than this fault.
    var healthyBefore: Bool
    var check: DemoCheck?

    var recoveryText: String {
        let time = recoverySeconds.map { "\(format1($0)) s" } ?? "not within the run"
        return healthyBefore ? time : time + " (flow already degraded before)"
    }
}

/// The results file of the faults scenario.
struct DemoResults: Sendable, Codable {
    var scenario = "faults"
    var verdict: String
    var reasons: [String]
    var interrupted: Bool
    var durationSeconds: Double
    var targetRate: Double
    var messageSize: Int
    var directory: String
    var sourceBootstrap: String
    var destinationBootstrap: String
    var faults: [DemoFaultOutcome]
    var events: [DemoEvent]
    var tester: TestResults
}

/// Turns the tester's results, the timeline and the fault checks into the verdict, the table, the results JSON
/// and the HTML report.
struct DemoFaultReport: Sendable {
    let settings: DemoSettings
    let results: TestResults
    let events: [DemoEvent]
    let checks: [DemoCheck]
    let interrupted: Bool
    let sourceBootstrap: String
    let destinationBootstrap: String

    var faults: [DemoFaultOutcome] {
        events.filter { !$0.isRestart }.map { event in
            DemoFaultOutcome(kind: event.kind, label: event.label, second: event.second,
                restartSecond: events.first { $0.isRestart && $0.kind == event.kind }?.second,
                recoverySeconds: RecoveryTime.seconds(faultAt: event.second, received: results.consumeRate,
                    offeredRate: settings.rate),
                healthyBefore: healthy(before: event.second), check: checks.first { $0.kind == event.kind })
        }
    }

    private func healthy(before second: Double) -> Bool {
        let index = Int(second.rounded(.down)) - 1
        guard index >= 0, index < results.consumeRate.count else { return false }
        return results.consumeRate[index] >= 0.9 * settings.rate
    }

    /// PASS means no acknowledged record was lost (nor corrupted) on the way through the mirror, and every
    /// fault's own check passed. Duplicates and reordering are reported, not failed: the mirror is at least once.
    var reasons: [String] {
        var reasons: [String] = []
        let counts = results.counts
        if counts.lost > 0 { reasons.append("\(counts.lost) acknowledged records lost (\(counts.lostAtTail) at the tail)") }
        if counts.corrupt > 0 { reasons.append("\(counts.corrupt) corrupt records") }
        if results.acknowledged == 0 { reasons.append("no record was acknowledged") }
        if results.received == 0 { reasons.append("nothing arrived on the destination") }
        for check in checks where !check.passed { reasons.append("\(check.kind.title): \(check.detail)") }
        return reasons
    }

    func write() throws -> DemoFinal {
        let reasons = self.reasons
        let verdict = reasons.isEmpty ? "PASS" : "FAIL"
        let resultsFile = settings.directory + "/results.json"
        let reportFile = settings.directory + "/report.html"
        let output = DemoResults(verdict: verdict, reasons: reasons, interrupted: interrupted,
            durationSeconds: settings.duration, targetRate: settings.rate, messageSize: settings.messageSize,
            directory: settings.directory, sourceBootstrap: sourceBootstrap, destinationBootstrap: destinationBootstrap,
            faults: faults, events: events, tester: results)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(output).write(to: URL(fileURLWithPath: resultsFile))
        try html(verdict: verdict, reasons: reasons).render().write(toFile: reportFile, atomically: true, encoding: .utf8)
        var text = "Verdict: \(verdict)" + (interrupted ? " (interrupted)" : "") + "\n\n"
        text += countsTable().render() + "\n\n"
        if !faults.isEmpty { text += faultTable().render() + "\n\n" }
        text += reasons.map { "reason: \($0)\n" }.joined()
        text += "Results: \(resultsFile)\nReport:  \(reportFile)"
        return DemoFinal(passed: reasons.isEmpty, text: text)
    }

    func countsTable() -> TextTable {
        let counts = results.counts
        var table = TextTable(headers: ["", "value"])
        table.add("sent", "\(results.sent)")
        table.add("acknowledged", "\(results.acknowledged)")
        table.add("mirrored (received on destination)", "\(results.received)")
        table.add("lost (acknowledged, never arrived)", "\(counts.lost)")
        table.add("duplicated", "\(counts.duplicate)")
        table.add("out of order", "\(counts.old)")
        table.add("corrupt", "\(counts.corrupt)")
        table.add("end-to-end latency p50 / p99 / p99.9 / max", latencyLine(results.aggregatedEndToEndLatency50pct,
            results.aggregatedEndToEndLatency99pct, results.aggregatedEndToEndLatency999pct,
            results.aggregatedEndToEndLatencyMax))
        table.add("acknowledgement latency p50 / p99 / max", latencyLine(results.aggregatedPublishLatency50pct,
            results.aggregatedPublishLatency99pct, results.aggregatedPublishLatencyMax))
        table.add("throughput produced / mirrored", "\(format1(results.aggregatedPublishRate)) / "
            + "\(format1(results.aggregatedConsumeRate)) records/s")
        return table
    }

    func faultTable() -> TextTable {
        var table = TextTable(headers: ["at", "fault", "recovered after", "check"])
        for fault in faults {
            table.add("\(format1(fault.second)) s", fault.label,
                fault.recoveryText,
                fault.check.map { ($0.passed ? "ok: " : "FAILED: ") + $0.detail } ?? "")
        }
        return table
    }

    private func latencyLine(_ values: Double...) -> String {
        values.map { format1($0) }.joined(separator: " / ") + " ms"
    }
}
