extension TestRun {
    func results(
        checkers: [SharedChecker], expectations: [StreamID: StreamExpectation]?, stats: LiveStats,
        reporter: LiveReporter, elapsed: Double, producedSomething: Bool
    ) -> TestResults {
        let perChecker = checkers.map { $0.snapshot.finish(expectations: expectations) }
        let counts = perChecker.reduce(CheckCounts(), +)
        let totals = stats.totals
        let verdict =
            checkers.isEmpty
            ? Verdict(passed: totals.failed == 0, reasons: totals.failed == 0 ? [] : ["\(totals.failed) sends failed"])
            : Verdict.evaluate(counts, failOnDuplicates: options.failOnDuplicates, ranAnything: producedSomething)
        let publish = LatencySummary(totals.ackLatency)
        let endToEnd = LatencySummary(totals.endToEndLatency)
        let samples = reporter.samples
        let belowTarget =
            options.rate.map { rate in
                elapsed > 0 && Double(totals.sent) / Double(max(options.producers, 1)) / elapsed < rate * 0.9
            } ?? false
        return TestResults(
            verdict: verdict.word, reasons: verdict.reasons, runId: options.runId, topic: options.topic,
            producers: options.producers, consumers: checkers.isEmpty ? 0 : options.consumers,
            consumerMode: options.consumerMode.rawValue, messageSize: options.messageSize,
            targetRatePerProducer: options.rate, elapsedSeconds: elapsed, sent: totals.sent,
            acknowledged: totals.acknowledged, failed: totals.failed, failuresByError: totals.failuresByError,
            producerFatalErrors: totals.fatalErrors, received: totals.received,
            skippedPreexisting: checkers.reduce(0) { $0 + $1.skippedPreexisting.load(ordering: .relaxed) },
            counts: counts, countsPerChecker: perChecker, belowTargetRate: belowTarget, alerts: reporter.alerts,
            aggregatedPublishRate: elapsed > 0 ? Double(totals.sent) / elapsed : 0,
            aggregatedConsumeRate: elapsed > 0 ? Double(totals.received) / elapsed : 0,
            aggregatedPublishLatencyAvg: millis(publish.mean),
            aggregatedPublishLatency50pct: millis(publish.p50), aggregatedPublishLatency90pct: millis(publish.p90),
            aggregatedPublishLatency99pct: millis(publish.p99), aggregatedPublishLatency999pct: millis(publish.p999),
            aggregatedPublishLatencyMax: millis(publish.max), aggregatedEndToEndLatencyAvg: millis(endToEnd.mean),
            aggregatedEndToEndLatency50pct: millis(endToEnd.p50), aggregatedEndToEndLatency90pct: millis(endToEnd.p90),
            aggregatedEndToEndLatency99pct: millis(endToEnd.p99),
            aggregatedEndToEndLatency999pct: millis(endToEnd.p999), aggregatedEndToEndLatencyMax: millis(endToEnd.max),
            publishRate: samples.map { Double($0.sent) }, consumeRate: samples.map { Double($0.received) },
            backlog: samples.map(\.backlog),
            publishLatency50pct: samples.map { millis($0.publishLatency.p50) },
            publishLatency99pct: samples.map { millis($0.publishLatency.p99) },
            publishLatencyMax: samples.map { millis($0.publishLatency.max) },
            endToEndLatency50pct: samples.map { millis($0.endToEndLatency.p50) },
            endToEndLatency90pct: samples.map { millis($0.endToEndLatency.p90) },
            endToEndLatency99pct: samples.map { millis($0.endToEndLatency.p99) },
            endToEndLatency999pct: samples.map { millis($0.endToEndLatency.p999) },
            endToEndLatencyMax: samples.map { millis($0.endToEndLatency.max) })
    }
}

extension TestResults {
    /// The verdict block printed at the end of a run.
    public var summary: String {
        var lines = ["\(verdict): sent \(sent), acknowledged \(acknowledged), failed \(failed), received \(received)"]
        if consumers > 0 {
            lines.append(
                "  in order \(counts.inOrder), lost \(counts.lost) (tail \(counts.lostAtTail)),"
                    + " duplicate \(counts.duplicate),"
                    + " old \(counts.old), corrupt \(counts.corrupt), foreign \(counts.foreign)")
            lines.append(
                "  unacknowledged: received \(counts.unacknowledgedReceived), missing \(counts.unacknowledgedMissing);"
                    + " skipped pre-existing \(skippedPreexisting)")
            lines.append(
                "  end-to-end ms: p50 \(format(aggregatedEndToEndLatency50pct))"
                    + " p90 \(format(aggregatedEndToEndLatency90pct))"
                    + " p99 \(format(aggregatedEndToEndLatency99pct)) p99.9 \(format(aggregatedEndToEndLatency999pct))"
                    + " max \(format(aggregatedEndToEndLatencyMax))")
        }
        lines.append(
            "  ack ms: p50 \(format(aggregatedPublishLatency50pct)) p90 \(format(aggregatedPublishLatency90pct))"
                + " p99 \(format(aggregatedPublishLatency99pct)) p99.9 \(format(aggregatedPublishLatency999pct))"
                + " max \(format(aggregatedPublishLatencyMax))")
        lines.append("  publish rate \(format(aggregatedPublishRate))/s over \(format(elapsedSeconds)) s")
        if belowTargetRate { lines.append("  achieved rate was below 90% of the target") }
        if !alerts.isEmpty { lines.append("  receive-rate alerts at seconds \(alerts)") }
        lines += reasons.map { "  reason: \($0)" }
        return lines.joined(separator: "\n")
    }
}
