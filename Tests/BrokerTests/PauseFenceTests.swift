import Testing

@testable import Broker

@Suite struct PauseFenceTests {
    final class Session {}

    @Test func aFreezeSuspendsLeadershipUntilConfirmed() {
        let fence = PauseFence(sessionTimeoutMs: 3000)  // threshold 1 s
        let session = Session()
        let start = ContinuousClock.now
        #expect(fence.allowsLeadership(session: session, now: start))
        #expect(fence.beat(session: session, now: start + .milliseconds(100)) == nil)
        #expect(fence.beat(session: session, now: start + .milliseconds(900)) == nil)  // a slow tick is not a freeze

        // The process did not run for 4 s: a request handled before the ticker wakes is refused already.
        let thawed = start + .milliseconds(4900)
        #expect(!fence.allowsLeadership(session: session, now: thawed))
        #expect(fence.beat(session: session, now: thawed + .milliseconds(10)) == ObjectIdentifier(session))
        let since = fence.suspendedSince
        #expect(since != nil)
        #expect(!fence.allowsLeadership(session: session, now: thawed + .milliseconds(20)))

        fence.confirm(since: since ?? thawed)
        #expect(fence.allowsLeadership(session: session, now: thawed + .milliseconds(30)))
    }

    @Test func aConfirmationOfAnOlderFreezeDoesNotLiftANewerOne() {
        let fence = PauseFence(sessionTimeoutMs: 3000)
        let session = Session()
        let start = ContinuousClock.now
        _ = fence.beat(session: session, now: start + .seconds(5))
        let first = fence.suspendedSince ?? start
        _ = fence.beat(session: session, now: start + .seconds(10))  // frozen again before the first was confirmed
        fence.confirm(since: first)
        #expect(!fence.allowsLeadership(session: session, now: start + .milliseconds(10_050)))
        fence.confirm(since: fence.suspendedSince ?? start)
        #expect(fence.allowsLeadership(session: session, now: start + .milliseconds(10_100)))
    }

    @Test func aSuspensionLongerThanTwoSessionTimeoutsIsReportedAtMostEveryTenSeconds() {
        let fence = PauseFence(sessionTimeoutMs: 3000)  // threshold 1 s: reported after 6 s suspended
        let frozen = Session()
        let current = Session()
        let start = ContinuousClock.now
        #expect(fence.longSuspensionReport(session: current, now: start) == nil, "nothing suspended")
        _ = fence.beat(session: frozen, now: start + .seconds(5))
        #expect(fence.longSuspensionReport(session: current, now: start + .seconds(10)) == nil, "a normal refusal")
        let report = fence.longSuspensionReport(session: current, now: start + .seconds(12)) ?? ""
        #expect(report.contains("leadership suspended for 7.0 seconds"))
        #expect(report.contains("ticker last beat 7.0 seconds ago"))
        #expect(report.contains("an earlier ZooKeeper session"))
        #expect(fence.longSuspensionReport(session: current, now: start + .seconds(21)) == nil, "within 10 s of the last")
        let later = fence.longSuspensionReport(session: frozen, now: start + .seconds(22)) ?? ""
        #expect(later.contains("the current ZooKeeper session"))
        fence.confirm(since: fence.suspendedSince ?? start)
        #expect(fence.longSuspensionReport(session: current, now: start + .seconds(40)) == nil, "lifted")
    }
}
