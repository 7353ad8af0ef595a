import Testing

@testable import Report

@Suite struct RecoveryTimeTests {
    // Offered 100/s; received dips after a fault at 3.5 s and is back in second index 7 (covering 7..8 s).
    let received: [Double] = [100, 100, 100, 100, 20, 0, 50, 180, 100, 100]

    @Test func recoveryIsTheEndOfTheFirstGoodSecondAfterTheFault() {
        #expect(RecoveryTime.seconds(faultAt: 3.5, received: received, offeredRate: 100) == 4.5)
    }

    @Test func aFaultWithoutEffectRecoversWithinOneToTwoSeconds() {
        // The second containing the fault (0..1 s) mixes before and after, so the first whole one (1..2 s) counts.
        #expect(RecoveryTime.seconds(faultAt: 0.2, received: received, offeredRate: 100) == 1.8)
        #expect(RecoveryTime.seconds(faultAt: 2, received: received, offeredRate: 100) == 1)
    }

    @Test func ninetyPercentIsEnough() {
        #expect(RecoveryTime.seconds(faultAt: 0, received: [0, 89, 90], offeredRate: 100) == 3)
    }

    @Test func perSecondOfferedRates() {
        let offered: [Double] = [100, 100, 0, 50, 50]
        // Second 2 offered nothing: it cannot count as recovered.
        #expect(RecoveryTime.seconds(faultAt: 1.5, received: [100, 0, 0, 10, 45], offered: offered) == 3.5)
    }

    @Test func neverRecoveredOrOutsideTheSeriesIsNil() {
        #expect(RecoveryTime.seconds(faultAt: 4, received: [100, 100, 100, 100, 0, 0], offeredRate: 100) == nil)
        #expect(RecoveryTime.seconds(faultAt: 99, received: received, offeredRate: 100) == nil)
        #expect(RecoveryTime.seconds(faultAt: -1, received: received, offeredRate: 100) == nil)
        #expect(RecoveryTime.seconds(faultAt: .nan, received: received, offeredRate: 100) == nil)
        #expect(RecoveryTime.seconds(faultAt: 0, received: [], offeredRate: 100) == nil)
    }
}
