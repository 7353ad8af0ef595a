import Testing

@testable import Report

@Suite struct FaultScheduleTests {
    @Test func twoMinutesSpreadsAllFiveFaultsWithRestarts() throws {
        let schedule = try FaultSchedule(duration: 120)
        #expect(schedule.faults.map(\.kind) == FaultKind.allCases)
        #expect(schedule.faults.map(\.at) == [18, 36, 54, 72, 90])
        #expect(schedule.faults[0].restartAt == 18 + 7.2)
        #expect(schedule.faults[2].restartAt == 54 + 7.2)
        #expect(schedule.faults[3].restartAt == nil)
        #expect(schedule.faults[4].restartAt == nil)
    }

    @Test(arguments: [20.0, 40, 45, 120, 600, 3_600])
    func faultsAreOrderedInsideTheRunAndRestartsComeBeforeTheNextFault(duration: Double) throws {
        let faults = try FaultSchedule(duration: duration).faults
        #expect(faults.count == 5)
        for (fault, next) in zip(faults, faults.dropFirst()) {
            #expect(fault.at < next.at)
            if let restart = fault.restartAt { #expect(restart < next.at) }
        }
        #expect(faults.allSatisfy { $0.at > 0 && ($0.restartAt ?? $0.at) < duration })
        #expect(faults.compactMap(\.restartAt).allSatisfy { $0 - 10 <= faults[0].at + duration })
        let restartDelays = faults.compactMap { fault in fault.restartAt.map { $0 - fault.at } }
        #expect(restartDelays.allSatisfy { $0 >= 1 && $0 <= 10 })
    }

    @Test func aSubsetKeepsItsOrder() throws {
        let schedule = try FaultSchedule(duration: 60, kinds: [.mirrorKill])
        #expect(schedule.faults == [ScheduledFault(kind: .mirrorKill, at: 9, restartAt: 9 + 4.8)])
    }

    @Test(arguments: [0.0, 19.9, -5, .nan, .infinity])
    func rejectsRunsTooShortOrInvalid(duration: Double) {
        #expect(throws: ScheduleError.self) { try FaultSchedule(duration: duration) }
    }

    @Test func rejectsRepeatedKinds() {
        #expect(throws: ScheduleError.self) { try FaultSchedule(duration: 60, kinds: [.mirrorKill, .mirrorKill]) }
    }

    @Test func noFaults() {
        #expect(FaultSchedule.none(duration: 30).faults.isEmpty)
    }
}
