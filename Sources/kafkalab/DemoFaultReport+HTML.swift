import Report

extension DemoFaultReport {
    /// The self-contained report: verdict, summary, throughput and latency charts with the faults marked, the
    /// fault table and how the run was set up.
    func html(verdict: String, reasons: [String]) -> HTMLReport {
        let counts = results.counts
        var report = HTMLReport(title: "KafkaLab demo: source -> mirror -> destination", verdict: verdict,
            summary: [
                ("sent", "\(results.sent)"), ("acknowledged", "\(results.acknowledged)"),
                ("mirrored (received)", "\(results.received)"), ("lost", "\(counts.lost)"),
                ("duplicated", "\(counts.duplicate)"), ("out of order", "\(counts.old)"),
                ("corrupt", "\(counts.corrupt)"),
                ("end-to-end p50 / p99 / max", "\(format1(results.aggregatedEndToEndLatency50pct)) / "
                    + "\(format1(results.aggregatedEndToEndLatency99pct)) / "
                    + "\(format1(results.aggregatedEndToEndLatencyMax)) ms"),
                ("throughput produced / mirrored", "\(format1(results.aggregatedPublishRate)) / "
                    + "\(format1(results.aggregatedConsumeRate)) records/s"),
            ])
        if !reasons.isEmpty { report.add("Why it failed", .table(headers: ["reason"], rows: reasons.map { [$0] })) }
        let markers = events.map { ChartMarker(x: $0.second, label: $0.label) }
        report.add("Throughput",
            .chart(SVGLineChart(title: "Records per second", xLabel: "seconds since producing started",
                yLabel: "records/s",
                series: [ChartSeries(name: "sent (source)", color: "#1f77b4", values: results.publishRate),
                    ChartSeries(name: "received (destination)", color: "#ff7f0e", values: results.consumeRate)],
                markers: markers)),
            .paragraph("Each point is one second; dashed red lines are the faults and restarts."))
        report.add("End-to-end latency",
            .chart(SVGLineChart(title: "End-to-end latency per second (send on source to receipt on destination)",
                xLabel: "seconds since producing started", yLabel: "ms",
                series: [ChartSeries(name: "p50", color: "#2ca02c", values: results.endToEndLatency50pct),
                    ChartSeries(name: "p99", color: "#d62728", values: results.endToEndLatency99pct)],
                markers: markers)))
        if !faults.isEmpty {
            report.add("Faults",
                .table(headers: ["at", "fault", "restarted at", "recovered after", "check"], rows: faults.map { fault in
                    ["\(format1(fault.second)) s", fault.label, fault.restartSecond.map { "\(format1($0)) s" } ?? "",
                        fault.recoveryText,
                        fault.check.map { ($0.passed ? "PASS: " : "FAIL: ") + $0.detail } ?? ""]
                }),
                .paragraph("Recovered after: time from the fault to the end of the first whole second in which the "
                    + "destination received at least 90% of the offered rate (resolution: one second)."))
        }
        var setup: [HTMLReport.Block] = [
            .table(headers: ["", ""], rows: [
                ["source cluster", sourceBootstrap], ["destination cluster", destinationBootstrap],
                ["tester", "\(format1(settings.duration)) s at \(format1(settings.rate)) records/s, "
                    + "\(settings.messageSize)-byte records, acks=all, idempotent producer"],
                ["mirror", "kafkalab mirror --topics '\(DemoEnvironment.topicPattern)' (separate process)"],
                ["files", settings.directory],
            ])
        ]
        if interrupted { setup.append(.paragraph("The run was interrupted (Ctrl-C or SIGTERM) before its planned end.")) }
        report.sections.append(HTMLReport.Section(heading: "Set-up", blocks: setup))
        return report
    }
}
