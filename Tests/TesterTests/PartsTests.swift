import KafkaClient
import Logging
import Testing

@testable import Tester

@Suite struct PartsTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func stampRoundTripsAtEverySize() {
        for size in [0, 10, 52, 53, 1024] {
            let template = StampCodec.Template(messageSize: size)
            let stamp = Stamp(
                runId: .max, producerId: 3, keyIndex: 77, sequence: 1 << 39, sendMicros: 1_700_000_000_000_000)
            let value = StampCodec.encode(stamp, template: template)
            #expect(value.count == max(size, Stamp.headerSize))
            #expect(StampCodec.decode(key: Stamp.key(for: 77), value: value) == .valid(stamp))
            #expect(StampCodec.peekRunId(value) == .max)
        }
    }

    @Test func gapsSplitAndFill() {
        var gaps = SequenceGaps()
        gaps.open(2...5)
        gaps.open(9...9)
        let filledThree = gaps.fill(3)
        #expect(filledThree)
        #expect(gaps.ranges == [2...2, 4...5, 9...9])
        let filledThreeAgain = gaps.fill(3)
        #expect(!filledThreeAgain)
        let filledNine = gaps.fill(9)
        let filledTwo = gaps.fill(2)
        #expect(filledNine && filledTwo)
        #expect(gaps.count == 2)
    }

    @Test func tokenBucketHoldsTheRate() {
        var bucket = TokenBucket(rate: 1000, nowNanos: 0)
        var granted = 0
        var now: UInt64 = 0
        while now < 2_000_000_000 {
            now += 1_000_000
            granted += bucket.take(nowNanos: now, limit: .max)
        }
        #expect(abs(granted - 2000) <= 1)
        // Idle time does not bank more than the burst.
        let afterIdle = bucket.take(nowNanos: now + 10_000_000_000, limit: .max)
        #expect(afterIdle <= 10)
        let wait = bucket.nanosUntilNext(nowNanos: now + 10_000_000_000)
        #expect(wait > 0)
    }

    @Test func absorbedReportsReachLedgerAndStatsOnce() throws {
        var ledger = AckLedger(runId: 1, producerId: 0)
        for _ in 0..<3 { _ = ledger.recordSent(keyIndex: 4) }
        let stats = LiveStats()
        // A producer that never produces: it connects nowhere until it has a record to send.
        let producer = try DrivenProducer(config: KafkaConfig(bootstrapServers: "127.0.0.1:1", ["log_level": "0"]))
        var buffers = ReportBuffers(producer: producer, producerId: 0, logger: Logger(label: "test"))
        buffers.served = [
            DeliveryOutcome(tag: AckLedger.tag(keyIndex: 4, sequence: 0), latencyMicros: 700, errorCode: 0),
            DeliveryOutcome(tag: AckLedger.tag(keyIndex: 4, sequence: 2), latencyMicros: 900, errorCode: 0),
            DeliveryOutcome(tag: AckLedger.tag(keyIndex: 4, sequence: 1), latencyMicros: 0, errorCode: -185),
        ]
        buffers.absorb(into: &ledger, stats: stats)
        #expect(buffers.served.isEmpty)
        #expect(ledger.acknowledged == 2 && ledger.failed == 1)
        #expect(ledger.expectations()[StreamID(runId: 1, producerId: 0, keyIndex: 4)]?.unacknowledged == [1])
        let totals = stats.totals
        #expect(totals.acknowledged == 2 && totals.failed == 1)
        #expect(totals.ackLatency.totalCount == 2)
        #expect(totals.failuresByError == [KafkaError(code: -185).name: 1])
        #expect(totals.fatalErrors.isEmpty)
        // Absorbing again (nothing served) changes nothing.
        buffers.absorb(into: &ledger, stats: stats)
        #expect(ledger.acknowledged == 2 && stats.totals.acknowledged == 2)
        #expect(stats.totals.failuresByError.values.reduce(0, +) == 1)
    }

    @Test func aFatalErrorIsReportedOnceWithItsCauseAndEveryFailureIsCountedByName() throws {
        var ledger = AckLedger(runId: 1, producerId: 3)
        for _ in 0..<3 { _ = ledger.recordSent(keyIndex: 0) }
        let stats = LiveStats()
        let producer = try DrivenProducer(
            config: KafkaConfig(bootstrapServers: "127.0.0.1:1", ["log_level": "0", "enable.idempotence": "true"]))
        producer.raiseFatalErrorForTesting(45, reason: "injected gap")  // OUT_OF_ORDER_SEQUENCE_NUMBER
        var buffers = ReportBuffers(producer: producer, producerId: 3, logger: Logger(label: "test"))
        let fatal = KafkaError(code: -150)  // _FATAL: what librdkafka reports for every record after it
        buffers.served = (0..<2).map {
            DeliveryOutcome(tag: AckLedger.tag(keyIndex: 0, sequence: UInt64($0)), latencyMicros: 0, errorCode: -150)
        }
        buffers.absorb(into: &ledger, stats: stats)
        buffers.noteFailure(.queueFull, stats: stats)  // a record given up at the stop, not enqueued
        buffers.absorb(into: &ledger, stats: stats)
        let totals = stats.totals
        #expect(totals.failuresByError == [fatal.name: 2, KafkaError.queueFull.name: 1])
        #expect(totals.fatalErrors.count == 1)
        #expect(totals.fatalErrors.first?.contains("OUT_OF_ORDER_SEQUENCE_NUMBER") == true)
        #expect(totals.fatalErrors.first?.contains("injected gap") == true)
    }

    @Test func ledgerTracksOutOfOrderReportsAndFailures() {
        var ledger = AckLedger(runId: 1, producerId: 2)
        for _ in 0..<5 { _ = ledger.recordSent(keyIndex: 7) }
        ledger.recordReport(keyIndex: 7, sequence: 1, acknowledged: true)
        ledger.recordReport(keyIndex: 7, sequence: 0, acknowledged: true)
        ledger.recordReport(keyIndex: 7, sequence: 3, acknowledged: false)
        ledger.recordReport(keyIndex: 7, sequence: 4, acknowledged: true)
        let expectation = ledger.expectations()[StreamID(runId: 1, producerId: 2, keyIndex: 7)]
        #expect(expectation == StreamExpectation(sent: 5, unacknowledged: [2, 3]))
        #expect(expectation?.lastAcknowledged == 4)
        #expect(ledger.acknowledged == 3 && ledger.failed == 1)
        // Reports for sequences never sent are ignored.
        ledger.recordReport(keyIndex: 9, sequence: 0, acknowledged: true)
        #expect(ledger.acknowledged == 3)
    }

    @Test func tagsRoundTrip() {
        let tag = AckLedger.tag(keyIndex: 123_456, sequence: 987_654_321)
        #expect(AckLedger.untag(tag) == (123_456, 987_654_321))
        #expect(tag & (1 << 63) == 0)
    }
}

@Suite struct StampWriteTests {
    @Test func writingIntoAReusedBufferMatchesEncoding() {
        let template = StampCodec.Template(messageSize: 300)
        var buffer = template.makeBuffer()
        for sequence in [UInt64(0), 1, 1 << 39] {
            let stamp = Stamp(runId: 9, producerId: 2, keyIndex: 5, sequence: sequence, sendMicros: -3)
            StampCodec.write(stamp, into: &buffer)
            #expect(buffer == StampCodec.encode(stamp, template: template))
            #expect(StampCodec.decode(key: Stamp.key(for: 5), value: buffer) == .valid(stamp))
        }
    }
}

@Suite struct CRC32SlicingTests {
    /// The byte-at-a-time definition, to check the sliced implementation against at every length and alignment.
    static func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func slicedMatchesBytewiseAtEveryLengthAndOffset() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<200).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 7) {
                #expect(CRC32.checksum(data[start..<end]) == Self.reference(data[start..<end]))
            }
        }
    }
}
