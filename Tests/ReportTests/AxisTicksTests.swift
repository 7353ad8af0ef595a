import Testing

@testable import Report

@Suite struct AxisTicksTests {
    @Test func picksNiceStepsCoveringTheRange() {
        let ticks = AxisTicks(minimum: 0, maximum: 473, target: 5)
        #expect(ticks.step == 100)
        #expect(ticks.lower == 0)
        #expect(ticks.upper == 500)
        #expect(ticks.values == [0, 100, 200, 300, 400, 500])
    }

    @Test func smallAndFractionalRanges() {
        let ticks = AxisTicks(minimum: 0, maximum: 0.9, target: 5)
        #expect(ticks.step == 0.2)
        #expect(ticks.upper == 1.0)
        #expect(ticks.label(0.4) == "0.4")
    }

    @Test func thousandsAreLabelledWithK() {
        let ticks = AxisTicks(minimum: 0, maximum: 9_000, target: 5)
        #expect(ticks.step == 2_000)
        #expect(ticks.upper == 10_000)
        #expect(ticks.label(4_000) == "4k")
    }

    @Test(arguments: [(0.0, 0.0), (5.0, 5.0), (.nan, .nan), (.infinity, -.infinity), (10.0, -3.0)])
    func degenerateInputStillGivesAnAxis(minimum: Double, maximum: Double) {
        let ticks = AxisTicks(minimum: minimum, maximum: maximum)
        #expect(ticks.upper > ticks.lower)
        #expect(ticks.step > 0)
        #expect(ticks.values.count >= 2)
        #expect(ticks.values.count <= 1_000)
    }
}
