import Durability
import Testing
import Tester

@Suite struct DurabilityReportTests {
    static let healthy = PartitionConsistency(
        topic: "durability", partition: 0, leader: 0, highWatermark: 100, isr: [0, 1, 2],
        findings: [1: .identical, 2: .identical])

    static func report(
        acks: DurabilitySettings.Acks = .all, counts: CheckCounts = CheckCounts(), failovers: [Double] = [3.2, 3.6, 3.4]
    ) -> DurabilityReport {
        let faults = failovers.enumerated().map { index, seconds in
            FaultRecord(
                index: index + 1, broker: index % 3, fault: .kill, ledPartitions: [0],
                failover: .milliseconds(Int(seconds * 1000)), downFor: .seconds(4), healed: true)
        }
        return DurabilityReport(
            acks: acks, fault: .kill, faultsRequested: faults.count, faults: faults, sent: 1000, acknowledged: 1000,
            failed: 0, counts: counts, recordsInTopic: 1004, replicas: [healthy], failoverTarget: .seconds(4))
    }

    @Test func aCleanRunPassesWithFailoverFigures() {
        let report = Self.report()
        #expect(report.passed, "\(report.problems)")
        #expect(report.failoverMedian == .milliseconds(3400))
        #expect(
            report.lines.contains {
                $0.contains("min 3.200 s, median 3.400 s, max 3.600 s over 3 leader kills; 0 above the target 4.000 s")
            })
        #expect(report.lines.last == "verdict:                  PASS")
    }

    @Test func anEvenNumberOfFailoversHasTheMeanOfTheMiddleTwoAsMedian() {
        #expect(Self.report(failovers: [1, 2, 4, 8]).failoverMedian == .seconds(3))
    }

    @Test func lossDuplicatesAndDisorderFailAnAcksAllRun() {
        var counts = CheckCounts()
        counts.lost = 2
        counts.duplicate = 1
        counts.old = 3
        let problems = Self.report(counts: counts).problems
        #expect(problems == ["2 acknowledged records lost", "1 duplicates", "3 records out of order"])
    }

    @Test func aTopicHoldingFewerRecordsThanAcknowledgedFailsEvenWhenTheReadBackSawThemAll() {
        var report = Self.report()
        report.recordsInTopic = 987
        #expect(report.problems == ["the topic holds 987 records, fewer than the 1000 acknowledged"])
        report.recordsInTopic = -1  // the log ends could not be listed: nothing to recount
        #expect(report.passed, "\(report.problems)")
    }

    @Test func recordsTheClientGaveUpOnAreReportedNotFailed() {
        var report = Self.report()
        report.failed = 12
        #expect(report.passed, "never acknowledged, so not a loss: \(report.problems)")
        #expect(report.lines.contains { $0.hasPrefix("client gave up on:        12 records, never acknowledged") })
        report.acks = .one
        #expect(report.passed)
        #expect(!report.lines.contains { $0.hasPrefix("client gave up on:") })
    }

    @Test func theClientsFailuresAreNamedByErrorWithEachFatalCause() {
        var report = Self.report()
        report.failed = 12
        report.failuresByError = ["_MSG_TIMED_OUT": 2, "_FATAL": 10]
        report.producerFatalErrors = ["producer 1: OUT_OF_ORDER_SEQUENCE_NUMBER: gap"]
        #expect(report.passed)
        #expect(report.lines.contains("  by error:               _FATAL 10, _MSG_TIMED_OUT 2"))
        #expect(report.lines.contains("  fatal error:            producer 1: OUT_OF_ORDER_SEQUENCE_NUMBER: gap"))
        #expect(report.lines.contains { $0.contains("confluentinc/librdkafka#4438") })
        report.producerFatalErrors = []
        #expect(!report.lines.contains { $0.contains("librdkafka#4438") }, "no fatal error, no blame on it")
    }

    static func duplicate(secondEpoch: Int16) -> DuplicateRecord {
        let first = DuplicateRecord.Copy(
            offset: 40, batchBaseOffset: 38, batchLastOffset: 41, producerId: 7, producerEpoch: 0, baseSequence: 1004,
            partitionLeaderEpoch: 3)
        var second = first
        second.offset = 52
        second.producerEpoch = secondEpoch
        second.baseSequence = secondEpoch == 0 ? 1004 : 0
        return DuplicateRecord(
            topic: "durability", partition: 0, stream: StreamID(runId: 1, producerId: 1, keyIndex: 5), sequence: 99,
            first: first, second: second)
    }

    @Test func aDuplicateResentUnderABumpedEpochIsTheClientsAndReported() {
        var counts = CheckCounts()
        counts.duplicate = 1
        var report = Self.report(counts: counts)
        report.replicas[0].duplicates = [Self.duplicate(secondEpoch: 1)]
        #expect(report.clientResentDuplicates.count == 1 && report.brokerDuplicates.isEmpty)
        #expect(report.passed, "\(report.problems)")
        #expect(report.lines.contains { $0.hasPrefix("client resent:            1 records under a bumped producer epoch") })
    }

    @Test func aDuplicateWithinOneEpochOrOneTheLogsDoNotShowFailsTheRun() {
        var counts = CheckCounts()
        counts.duplicate = 1
        var sameEpoch = Self.report(counts: counts)
        sameEpoch.replicas[0].duplicates = [Self.duplicate(secondEpoch: 0)]
        #expect(sameEpoch.brokerDuplicates.count == 1)
        #expect(sameEpoch.problems == ["1 duplicates"])
        // Counted by the checker, but not found in the logs: nothing explains it, so the broker answers for it.
        #expect(Self.report(counts: counts).problems == ["1 duplicates"])
        // Two counted, one explained: still a failure.
        counts.duplicate = 2
        var partly = Self.report(counts: counts)
        partly.replicas[0].duplicates = [Self.duplicate(secondEpoch: 1)]
        #expect(partly.problems == ["2 duplicates"])
    }

    @Test func acksOneReportsLossWithoutFailing() {
        var counts = CheckCounts()
        counts.lost = 7
        counts.duplicate = 2
        let report = Self.report(acks: .one, counts: counts)
        #expect(report.passed, "\(report.problems)")
        #expect(report.lines.contains { $0.contains("lost acknowledged:        7 (acks=1: reported, not a failure)") })
        #expect(report.lines.contains("duplicates:               2"))
    }

    @Test func everyFailoverAboveTheTargetFailsNotOnlyTheMedian() {
        let tail = Self.report(failovers: [3, 3.5, 9])
        #expect(tail.slowFailovers == 1)
        #expect(tail.lines.contains { $0.contains("max 9.000 s over 3 leader kills; 1 above the target 4.000 s") })
        #expect(tail.problems == ["1 failover above the target 4.000 s (fault 3: 9.000 s)"])
        #expect(
            Self.report(failovers: [3, 5, 6]).problems == [
                "2 failovers above the target 4.000 s (fault 2: 5.000 s, fault 3: 6.000 s)"
            ])
        #expect(Self.report(failovers: [3, 4, 3.9]).passed, "the target itself is within it")
    }

    @Test func slowFailoverUnhealedIsrAndDivergentReplicasFail() {
        var report = Self.report(failovers: [3, 6])
        report.faults[0].healed = false
        report.replicas = [
            PartitionConsistency(
                topic: "durability", partition: 1, leader: 0, highWatermark: 10, isr: [0, 1],
                findings: [1: .identical, 2: .behind(endOffset: 4)])
        ]
        #expect(
            report.problems == [
                "the ISR did not heal after faults [1]", "1 failover above the target 4.000 s (fault 2: 6.000 s)",
                "replicas differ: [\"durability-1\"]",
            ])
    }

    @Test func missingFaultsAndNoCheckedPartitionsFail() {
        var report = Self.report()
        report.faultsRequested = 5
        report.replicas = []
        #expect(report.problems == ["only 3 of 5 faults ran", "no partition was checked"])
    }
}
