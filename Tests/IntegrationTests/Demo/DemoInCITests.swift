import Foundation
import Testing

/// `kafkalab demo`, shortened, as CI runs it: two three-broker clusters, the mirror as a process, the tester, all
/// five faults. It must PASS (no acknowledged record lost, every fault's check passed), and its report must hold
/// both charts with every fault and restart marked.
extension IntegrationSuite {
    @Suite struct DemoInCITests {
        /// Long enough for the five faults to be spread out (the schedule needs 20 s at least) and each restart to
        /// settle before the next fault; the tester then drains.
        static let duration = "30s"

        @Test(.timeLimit(.minutes(5)))
        func shortenedDemoPassesAndItsReportShowsChartsAndFaults() async throws {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("kafkalab-it-demo-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let keep = ProcessInfo.processInfo.environment["KAFKALAB_KEEP_TEST_DIRS"] == "1"
            defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }

            // The demo stops everything it started itself, also on failure; the watchdog SIGTERMs it (which it
            // handles like Ctrl-C) if it hangs.
            let run = try await KafkalabRun.run(
                ["demo", "--duration", Self.duration, "--dir", "\(directory)/run"], in: directory,
                name: "demo", timeout: .seconds(240))
            let mirrorLog = (try? String(contentsOfFile: "\(directory)/run/mirror.log", encoding: .utf8)) ?? ""
            let context = String(run.output.suffix(6000)) + "\nmirror.log:\n" + String(mirrorLog.suffix(3000))
            #expect(run.status == 0, "demo must PASS:\n\(context)")

            let results = try DemoResultsFile.load("\(directory)/run/results.json")
            #expect(results.verdict == "PASS", "\(results.reasons)")
            #expect(!results.interrupted)
            #expect(results.tester.counts.lost == 0, "acknowledged records lost:\n\(context)")
            #expect(results.tester.counts.corrupt == 0)
            #expect(results.tester.acknowledged > 0 && results.tester.received >= results.tester.acknowledged,
                "\(results.tester.summary)")
            #expect(Set(results.faults.map(\.kind)) == ["source-broker", "destination-broker", "mirror",
                "add-partitions", "new-topic"])
            for fault in results.faults {
                #expect(fault.check?.passed == true, "\(fault.label): \(fault.check?.detail ?? "no check")")
            }
            // Three kills with their restarts, and the two topic changes.
            #expect(results.events.count == 8, "\(results.events.map(\.label))")

            let html = try String(contentsOfFile: "\(directory)/run/report.html", encoding: .utf8)
            #expect(html.contains("PASS"))
            let charts = HTMLChecks.svgElements(in: html)
            #expect(charts.count == 2, "a throughput and a latency chart")
            for chart in charts {
                #expect(HTMLChecks.occurrences(of: "<polyline", in: chart) >= 2, "two series per chart")
                #expect(HTMLChecks.occurrences(of: "class=\"marker\"", in: chart) == results.events.count)
                for event in results.events {
                    #expect(chart.contains(">\(HTMLChecks.escaped(event.label))</text>"), "marker \(event.label)")
                }
            }
            #expect(!html.contains("<script"), "the report is self-contained")
        }
    }
}
