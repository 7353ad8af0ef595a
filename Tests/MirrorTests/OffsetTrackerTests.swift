import Mirror
import Testing

@Suite struct OffsetTrackerTests {
    @Test func nothingIsCommittableBeforeAnAcknowledgement() {
        var tracker = OffsetTracker()
        #expect(tracker.committable == nil)
        tracker.dispatched(0)
        tracker.dispatched(1)
        #expect(tracker.committable == 0)
        #expect(tracker.inFlight == 2)
    }

    @Test func inOrderAcknowledgementsAdvanceOnePastTheLast() {
        var tracker = OffsetTracker()
        for offset in Int64(10)..<20 { tracker.dispatched(offset) }
        let known = (Int64(10)..<15).map { tracker.acknowledged($0) }
        #expect(known.allSatisfy { $0 })
        #expect(tracker.committable == 15)
        for offset in Int64(15)..<20 { tracker.acknowledged(offset) }
        #expect(tracker.committable == 20)
        #expect(tracker.inFlight == 0)
    }

    @Test func outOfOrderAcknowledgementsWaitForTheLowestOutstanding() {
        var tracker = OffsetTracker()
        for offset in Int64(0)..<5 { tracker.dispatched(offset) }
        tracker.acknowledged(3)
        tracker.acknowledged(4)
        tracker.acknowledged(1)
        #expect(tracker.committable == 0)
        tracker.acknowledged(0)
        #expect(tracker.committable == 2)
        tracker.acknowledged(2)
        #expect(tracker.committable == 5)
    }

    @Test func gapsInSourceOffsetsAreNotWaitedFor() {
        // Compacted topics and transaction markers leave offsets that are never delivered.
        var tracker = OffsetTracker()
        for offset: Int64 in [5, 9, 10, 42] { tracker.dispatched(offset) }
        tracker.acknowledged(5)
        #expect(tracker.committable == 9)
        tracker.acknowledged(9)
        tracker.acknowledged(10)
        #expect(tracker.committable == 42)
        tracker.acknowledged(42)
        #expect(tracker.committable == 43)
    }

    @Test func aFailedDeliveryHoldsTheCommitUntilARetrySucceeds() {
        var tracker = OffsetTracker()
        for offset in Int64(0)..<4 { tracker.dispatched(offset) }
        tracker.acknowledged(0)
        let outstanding = tracker.failed(1)
        #expect(outstanding)
        tracker.acknowledged(2)
        tracker.acknowledged(3)
        #expect(tracker.committable == 1)
        #expect(tracker.failures == 1)
        tracker.acknowledged(1)
        #expect(tracker.committable == 4)
    }

    @Test func unknownOffsetsAreRejectedWithoutEffect() {
        var tracker = OffsetTracker()
        tracker.dispatched(7)
        let before = tracker
        var answers: [Bool] = []
        for offset: Int64 in [8, -1, Int64.max] { answers.append(tracker.acknowledged(offset)) }
        answers.append(tracker.failed(Int64.min))
        #expect(answers == [false, false, false, false])
        #expect(tracker == before)
        tracker.acknowledged(7)
        let again = tracker.acknowledged(7)
        #expect(!again)
        #expect(tracker.committable == 8)
    }

    @Test func aRewindCommitsNoFurtherThanTheResentOffsets() {
        var tracker = OffsetTracker()
        for offset in Int64(100)..<103 { tracker.dispatched(offset) }
        tracker.acknowledged(100)
        // The partition came back after a rebalance, from an older committed offset.
        tracker.dispatched(50)
        tracker.dispatched(51)
        #expect(tracker.committable == 50)
        tracker.acknowledged(50)
        tracker.acknowledged(51)
        #expect(tracker.committable == 101)
        tracker.acknowledged(101)
        tracker.acknowledged(102)
        #expect(tracker.committable == 103)
    }

    @Test func longRunsStayCorrectAcrossCompaction() {
        var tracker = OffsetTracker()
        for offset in Int64(0)..<10_000 {
            tracker.dispatched(offset)
            if offset >= 3 { tracker.acknowledged(offset - 3) }
        }
        #expect(tracker.committable == 9_997)
        #expect(tracker.inFlight == 3)
    }
}
