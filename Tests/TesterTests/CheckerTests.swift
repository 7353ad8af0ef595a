import Testing

@testable import Tester

/// A tiny producer model: stamps records for some keys, so tests can deliver them in any order.
struct FakeRun {
    let runId: UInt64 = 42
    let template = StampCodec.Template(messageSize: 100)

    func record(producer: UInt32 = 1, key: UInt32, sequence: UInt64) -> (key: [UInt8], value: [UInt8]) {
        let stamp = Stamp(runId: runId, producerId: producer, keyIndex: key, sequence: sequence, sendMicros: 1_000)
        return (Stamp.key(for: key), StampCodec.encode(stamp, template: template))
    }

    func stream(producer: UInt32 = 1, key: UInt32) -> StreamID {
        StreamID(runId: runId, producerId: producer, keyIndex: key)
    }

    /// Feeds (key, sequence) pairs to a checker.
    func check(_ deliveries: [(UInt32, UInt64)], into checker: inout Checker) {
        for (key, sequence) in deliveries {
            let record = record(key: key, sequence: sequence)
            checker.observe(key: record.key, value: record.value)
        }
    }

    /// Everything acknowledged: `sent` records for each of `keys`.
    func expectations(keys: Range<UInt32>, sent: UInt64) -> [StreamID: StreamExpectation] {
        Dictionary(uniqueKeysWithValues: keys.map { (stream(key: $0), StreamExpectation(sent: sent)) })
    }

    /// Interleaves keys round-robin, sequences 0..<count each.
    func clean(keys: Range<UInt32>, count: UInt64) -> [(UInt32, UInt64)] {
        (0..<count).flatMap { sequence in keys.map { ($0, sequence) } }
    }
}

@Suite struct CheckerTests {
    let run = FakeRun()

    @Test func cleanInputHasNoAnomalies() {
        var checker = Checker(runIds: [run.runId])
        run.check(run.clean(keys: 0..<20, count: 50), into: &checker)
        let counts = checker.finish(expectations: run.expectations(keys: 0..<20, sent: 50))
        #expect(counts.received == 1000)
        #expect(counts.inOrder == 1000)
        #expect(counts.anomalies == 0)
        #expect(counts.foreign == 0)
        #expect(checker.isComplete(expectations: run.expectations(keys: 0..<20, sent: 50)))
    }

    @Test func lossInTheMiddleIsCountedExactly() {
        var checker = Checker(runIds: [run.runId])
        let dropped: Set<UInt64> = [10, 11, 12, 30]
        run.check(run.clean(keys: 3..<4, count: 40).filter { !dropped.contains($0.1) }, into: &checker)
        let counts = checker.finish(expectations: run.expectations(keys: 3..<4, sent: 40))
        #expect(counts.lost == 4)
        #expect(counts.lostAtTail == 0)
        #expect(counts.inOrder == 36)
        #expect(counts.duplicate == 0 && counts.old == 0)
        // Without producer reports, skipped-over sequences are still loss.
        #expect(checker.finish(expectations: nil).lost == 4)
        #expect(!checker.isComplete(expectations: run.expectations(keys: 3..<4, sent: 40)))
    }

    @Test func lossAtTheTailNeedsProducerReports() {
        var checker = Checker(runIds: [run.runId])
        run.check(run.clean(keys: 0..<2, count: 10) + [(0, 10), (0, 11)], into: &checker)
        // Key 0 sent 15 (last three never arrived), key 1 sent 10 (all arrived).
        let expectations = [
            run.stream(key: 0): StreamExpectation(sent: 15),
            run.stream(key: 1): StreamExpectation(sent: 10),
        ]
        let counts = checker.finish(expectations: expectations)
        #expect(counts.lost == 3)
        #expect(counts.lostAtTail == 3)
        #expect(checker.finish(expectations: nil).lost == 0)
    }

    @Test func unacknowledgedRecordsAreCountedApartFromLoss() {
        var checker = Checker(runIds: [run.runId])
        // Sent 0...9; 4 and 9 were never acknowledged; 4 arrived anyway, 9 did not; 7 (acknowledged) is lost.
        run.check([0, 1, 2, 3, 4, 5, 6, 8].map { (UInt32(0), UInt64($0)) }, into: &checker)
        let counts = checker.finish(expectations: [
            run.stream(key: 0): StreamExpectation(sent: 10, unacknowledged: [4, 9])
        ])
        #expect(counts.lost == 1)
        #expect(counts.lostAtTail == 0)
        #expect(counts.unacknowledgedReceived == 1)
        #expect(counts.unacknowledgedMissing == 1)
    }

    @Test func duplicatesAreCountedAndNotLoss() {
        var checker = Checker(runIds: [run.runId])
        run.check([(0, 0), (0, 1), (0, 1), (0, 2), (0, 0), (0, 2)], into: &checker)
        let counts = checker.finish(expectations: run.expectations(keys: 0..<1, sent: 3))
        #expect(counts.duplicate == 3)
        #expect(counts.inOrder == 3)
        #expect(counts.lost == 0 && counts.old == 0)
    }

    @Test func reorderedRecordsAreOld() {
        var checker = Checker(runIds: [run.runId])
        run.check([(0, 0), (0, 2), (0, 3), (0, 1), (0, 4), (0, 1)], into: &checker)
        let counts = checker.finish(expectations: run.expectations(keys: 0..<1, sent: 5))
        #expect(counts.old == 1)
        #expect(counts.duplicate == 1)
        #expect(counts.inOrder == 4)
        #expect(counts.lost == 0)
    }

    @Test func firstRecordOfAStreamArrivingLateIsOld() {
        var checker = Checker(runIds: [run.runId])
        run.check([(0, 1), (0, 0)], into: &checker)
        let counts = checker.finish(expectations: run.expectations(keys: 0..<1, sent: 2))
        #expect(counts.old == 1 && counts.inOrder == 1 && counts.lost == 0)
    }

    @Test func corruptionIsDetectedInPayloadHeaderAndKey() {
        var checker = Checker(runIds: [run.runId])
        var payloadDamaged = run.record(key: 0, sequence: 0)
        payloadDamaged.value[Stamp.headerSize + 5] ^= 0x01
        var headerDamaged = run.record(key: 0, sequence: 1)
        headerDamaged.value[26] ^= 0x80
        let wrongKey = run.record(key: 0, sequence: 2)
        var truncated = run.record(key: 0, sequence: 3)
        truncated.value.removeLast()
        checker.observe(key: payloadDamaged.key, value: payloadDamaged.value)
        checker.observe(key: headerDamaged.key, value: headerDamaged.value)
        checker.observe(key: Stamp.key(for: 9), value: wrongKey.value)
        checker.observe(key: truncated.key, value: truncated.value)
        let counts = checker.finish(expectations: run.expectations(keys: 0..<1, sent: 4))
        #expect(counts.corrupt == 4)
        #expect(counts.received == 4)
        // Sequence 1's header was unreadable, so it never arrived intact: it is lost too.
        #expect(counts.lost == 1)
        #expect(counts.inOrder == 0)
    }

    @Test func foreignRecordsAreCountedNotChecked() {
        var checker = Checker(runIds: [run.runId])
        checker.observe(key: nil, value: Array("hello".utf8))
        checker.observe(key: nil, value: [])
        checker.observe(key: nil, value: [UInt8](repeating: 0xFF, count: 200))
        let otherRun = Stamp(runId: 7, producerId: 1, keyIndex: 0, sequence: 0, sendMicros: 0)
        checker.observe(key: Stamp.key(for: 0), value: StampCodec.encode(otherRun, template: run.template))
        run.check([(0, 0)], into: &checker)
        let counts = checker.finish(expectations: run.expectations(keys: 0..<1, sent: 1))
        #expect(counts.foreign == 4)
        #expect(counts.inOrder == 1)
        #expect(counts.anomalies == 0)
    }

    @Test func aWholePartitionMissingIsLossOfEveryKeyInIt() {
        var checker = Checker(runIds: [run.runId])
        // 34 keys over 2 "partitions" by parity; the odd partition never arrives.
        let everything = run.clean(keys: 0..<34, count: 25)
        run.check(everything.filter { $0.0 % 2 == 0 }, into: &checker)
        let counts = checker.finish(expectations: run.expectations(keys: 0..<34, sent: 25))
        #expect(counts.lost == 17 * 25)
        #expect(counts.lostAtTail == 17 * 25)
        #expect(counts.inOrder == 17 * 25)
        #expect(!checker.isComplete(expectations: run.expectations(keys: 0..<34, sent: 25)))
    }

    @Test func hostileValuesNeverCrash() {
        var checker = Checker(runIds: nil)
        var generator = SystemRandomNumberGenerator()
        let valid = run.record(key: 1, sequence: 1).value
        for length in [0, 1, 4, 51, 52, 53, 100, 300] {
            for _ in 0..<50 {
                var value = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if length >= 4 { value.replaceSubrange(0..<4, with: Stamp.magic) }
                checker.observe(key: nil, value: value)
            }
        }
        // A valid header claiming a bigger payload than present.
        checker.observe(key: Stamp.key(for: 1), value: Array(valid.prefix(60)))
        #expect(checker.counts.received == 401)
        #expect(checker.counts.inOrder == 0)
    }

    @Test func anyRunIsAcceptedWhenNoRunIdIsGiven() {
        var checker = Checker(runIds: nil)
        let a = Stamp(runId: 1, producerId: 1, keyIndex: 0, sequence: 0, sendMicros: 0)
        let b = Stamp(runId: 2, producerId: 1, keyIndex: 0, sequence: 0, sendMicros: 0)
        #expect(checker.observe(a) == .inOrder)
        #expect(checker.observe(b) == .inOrder)
        #expect(checker.streamCount == 2)
    }
}
