@testable import Broker
import Testing

@Suite struct StuckIsrWatchTests {
    /// Replica 2 of p-0, caught up (log end 100 = high watermark), fetching, and outside ZooKeeper's ISR [0, 1].
    private func observation(
        fetchedAtMs: Int64, logEnd: Int64 = 100, zooKeeperIsr: [Int32] = [0, 1], zooKeeperEpoch: Int32 = 26
    ) -> StuckIsrWatch.Observation {
        StuckIsrWatch.Observation(
            partition: "p-0", replica: 2, leaderEpoch: 26, localIsr: [0, 2, 1], pendingAdditions: [],
            followerLogEnd: logEnd, followerLastFetchMs: fetchedAtMs, highWatermark: 100, epochStartOffset: 40,
            zooKeeperIsr: zooKeeperIsr, zooKeeperLeaderEpoch: zooKeeperEpoch, zooKeeperVersion: 7,
            writeUnderWayMs: nil)
    }

    @Test func aCaughtUpFollowerOutsideTheIsrIsReportedAfterTwiceTheLagLimitThenAtMostEveryTenSeconds() {
        var watch = StuckIsrWatch(lagMaxMs: 3_000)
        var reports: [Int64: [String]] = [:]
        for now in stride(from: Int64(0), through: 20_000, by: 1_500) {
            reports[now] = watch.check([observation(fetchedAtMs: now)], nowMs: now)
        }
        let reportedAt = reports.filter { !$0.value.isEmpty }.keys.sorted()
        #expect(reportedAt == [7_500, 18_000])
        let line = reports[7_500]?.first ?? ""
        #expect(line.contains("replica 2 of p-0"))
        #expect(line.contains("ZooKeeper ISR [0, 1]"))
        #expect(line.contains("this leader's ISR [0, 2, 1]"))
        #expect(line.contains("no ISR write under way"))
    }

    @Test func aFollowerThatJoinsTheIsrOrFallsBehindStartsOver() {
        var watch = StuckIsrWatch(lagMaxMs: 3_000)
        _ = watch.check([observation(fetchedAtMs: 0)], nowMs: 0)
        // It joined ZooKeeper's ISR at 5 s: the clock starts again when it leaves it.
        _ = watch.check([observation(fetchedAtMs: 5_000, zooKeeperIsr: [0, 2, 1])], nowMs: 5_000)
        #expect(watch.check([observation(fetchedAtMs: 6_400)], nowMs: 6_500).isEmpty)
        #expect(watch.check([observation(fetchedAtMs: 11_900)], nowMs: 12_000).isEmpty)
        #expect(watch.check([observation(fetchedAtMs: 12_400)], nowMs: 12_600).count == 1)
    }

    @Test func onlyAFollowerThatKeepsUpInTheLeadersEpochCounts() {
        let watch = StuckIsrWatch(lagMaxMs: 3_000)
        #expect(watch.isStuck(observation(fetchedAtMs: 9_000), nowMs: 10_000))
        #expect(!watch.isStuck(observation(fetchedAtMs: 9_000, logEnd: 99), nowMs: 10_000), "behind the high watermark")
        #expect(!watch.isStuck(observation(fetchedAtMs: 6_000), nowMs: 10_000), "no fetch within the lag limit")
        #expect(!watch.isStuck(observation(fetchedAtMs: -1), nowMs: 10_000), "never fetched")
        #expect(!watch.isStuck(observation(fetchedAtMs: 9_000, zooKeeperEpoch: 27), nowMs: 10_000), "another epoch")
        #expect(!watch.isStuck(observation(fetchedAtMs: 9_000, zooKeeperIsr: [0, 1, 2]), nowMs: 10_000), "in the ISR")
    }
}
