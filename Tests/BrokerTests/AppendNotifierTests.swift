import Testing

@testable import Broker

/// The wake-up that long-polling fetches and acks=all produces wait on: woken by a notify, by a notify that came
/// between reading the generation and waiting, or by its timeout (an event-loop timer).
@Suite struct AppendNotifierTests {
    @Test func aNotifyWakesAWaiterLongBeforeItsTimeout() async {
        let notifier = AppendNotifier()
        let generation = notifier.generation
        let started = ContinuousClock.now
        async let waited: Void = notifier.wait(since: generation, timeout: .seconds(30))
        // Keep notifying until the wait returns: the first notify may land before the waiter registered, which the
        // generation check covers, so one would do; the loop only avoids depending on that.
        let notifying = Task {
            while !Task.isCancelled {
                notifier.notify()
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        await waited
        notifying.cancel()
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aNotifyBeforeTheWaitIsNotMissed() async {
        let notifier = AppendNotifier()
        let generation = notifier.generation
        notifier.notify()
        let started = ContinuousClock.now
        await notifier.wait(since: generation, timeout: .seconds(30))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func withoutANotifyTheWaitEndsAtItsTimeout() async {
        let notifier = AppendNotifier()
        let started = ContinuousClock.now
        await notifier.wait(since: notifier.generation, timeout: .milliseconds(200))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(190))
        #expect(waited < .seconds(10))
    }

    @Test func manyShortWaitsAllEnd() async {
        let notifier = AppendNotifier()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { await notifier.wait(since: notifier.generation, timeout: .milliseconds(index % 3)) }
            }
        }
        // A zero or 1 ms timer may fire before its waiter registered: the wait must still end (it did, or the
        // group would not have finished) and leave nothing behind.
        #expect(notifier.leftoverWaitState == 0)
    }
}
