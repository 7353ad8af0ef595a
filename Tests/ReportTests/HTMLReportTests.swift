import Testing

@testable import Report

@Suite struct HTMLReportTests {
    func report(title: String = "KafkaLab demo") -> HTMLReport {
        var report = HTMLReport(title: title, verdict: "PASS", summary: [("lost", "0"), ("sent", "12000")])
        report.add("Throughput", .chart(SVGLineChart(title: "Throughput", xLabel: "s", yLabel: "records/s",
            series: [ChartSeries(name: "sent", color: "#123", values: [1, 2, 3])],
            markers: [ChartMarker(x: 2, label: "kill -9 mirror")])))
        report.add("Faults", .table(headers: ["at", "fault", "recovered"], rows: [["12.0 s", "kill -9 mirror", "PASS"]]),
            .paragraph("Everything is stopped."), .preformatted("line 1\nline 2"))
        return report
    }

    @Test func isACompleteBalancedDocument() {
        let html = report().render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<style>"))
        #expect(MarkupChecks.tagBalanceProblem(html) == nil)
        #expect(html.contains("<p class=\"verdict pass\">PASS</p>"))
        #expect(html.contains("<td class=\"pass\">PASS</td>"))
        #expect(html.contains("<svg"))
        #expect(html.contains(">kill -9 mirror</text>"))
    }

    @Test func isSelfContained() {
        #expect(MarkupChecks.externalReferences(report().render()).isEmpty)
    }

    @Test func escapesEveryUserString() {
        let hostile = "<img src=x onerror=alert(1)>"
        var report = HTMLReport(title: hostile, verdict: hostile, summary: [(hostile, hostile)])
        report.add(hostile, .paragraph(hostile), .table(headers: [hostile], rows: [[hostile]]), .preformatted(hostile))
        let html = report.render()
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(MarkupChecks.tagBalanceProblem(html) == nil)
    }

    @Test func tagCheckerCatchesImbalance() {
        #expect(MarkupChecks.tagBalanceProblem("<p><b>x</p>") != nil)
        #expect(MarkupChecks.tagBalanceProblem("<p>x") != nil)
    }
}
