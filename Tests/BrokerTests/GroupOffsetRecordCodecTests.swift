import Testing

@testable import Broker

@Suite struct GroupOffsetRecordCodecTests {
    private let commit = OffsetRecord(
        groupId: "grüppe", topic: "orders", partition: 7,
        value: CommittedOffset(
            offset: 1 << 40, leaderEpoch: 12, metadata: "ünïcode ✓", commitTimestampMs: 1_700_000_000_123))

    @Test func commitsAndTombstonesRoundTrip() throws {
        let decoded = try OffsetRecordCodec.decode(key: commit.encodedKey(), value: commit.encodedValue())
        #expect(decoded == commit)
        var tombstone = commit
        tombstone.value = nil
        #expect(tombstone.encodedValue() == nil)
        #expect(try OffsetRecordCodec.decode(key: tombstone.encodedKey(), value: nil) == tombstone)
    }

    @Test func theLayoutIsPinned() {
        let record = OffsetRecord(
            groupId: "g", topic: "t", partition: 1,
            value: CommittedOffset(offset: 2, leaderEpoch: -1, metadata: "m", commitTimestampMs: 3))
        #expect(record.encodedKey() == [0, 1, 0, 1, 0x67, 0, 1, 0x74, 0, 0, 0, 1])
        #expect(
            record.encodedValue()
                == [0, 3, 0, 0, 0, 0, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 0x6D, 0, 0, 0, 0, 0, 0, 0, 3])
    }

    @Test func olderValueVersionsDecode() throws {
        let key = commit.encodedKey()
        // Version 1: offset, metadata (null), commit timestamp, expire timestamp.
        let v1: [UInt8] =
            [0, 1] + [0, 0, 0, 0, 0, 0, 0, 9] + [0xFF, 0xFF] + [0, 0, 0, 0, 0, 0, 0, 4] + Array(repeating: 0, count: 8)
        let decoded = try OffsetRecordCodec.decode(key: key, value: v1)
        #expect(decoded?.value == CommittedOffset(offset: 9, leaderEpoch: -1, metadata: "", commitTimestampMs: 4))
    }

    @Test func groupMetadataRecordsAreSkipped() throws {
        let key: [UInt8] = [0, 2, 0, 1, 0x67]
        #expect(try OffsetRecordCodec.decode(key: key, value: [0, 3, 1, 2, 3]) == nil)
    }

    @Test(arguments: [
        ([UInt8](), OffsetRecordDecodingError.Kind.truncated),
        ([0], .truncated),
        ([0, 1, 0, 5, 0x61], .truncated),
        ([0, 1, 0x7F, 0xFF], .truncated),
        ([0, 9, 0, 0], .unsupportedKeyVersion(9)),
        ([0xFF, 0xFF], .unsupportedKeyVersion(-1)),
        ([0, 1, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0], .nullString),
        ([0, 1, 0, 1, 0xC3, 0, 0, 0, 0, 0, 0], .invalidUTF8),
        ([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA], .trailingBytes(1)),
    ])
    func hostileKeysThrow(bytes: [UInt8], expected: OffsetRecordDecodingError.Kind) {
        #expect(throws: OffsetRecordDecodingError(expected)) {
            try OffsetRecordCodec.decode(key: bytes, value: nil)
        }
    }

    @Test func hostileValuesThrow() {
        let key = commit.encodedKey()
        let good = commit.encodedValue() ?? []
        for cut in 0..<good.count {
            #expect(throws: OffsetRecordDecodingError.self) {
                try OffsetRecordCodec.decode(key: key, value: Array(good.prefix(cut)))
            }
        }
        #expect(throws: OffsetRecordDecodingError(.trailingBytes(2))) {
            try OffsetRecordCodec.decode(key: key, value: good + [1, 2])
        }
        #expect(throws: OffsetRecordDecodingError(.unsupportedValueVersion(4))) {
            try OffsetRecordCodec.decode(key: key, value: [0, 4] + good.dropFirst(2))
        }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let key = (0..<length % 40).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let value = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? OffsetRecordCodec.decode(key: key, value: value)
            _ = try? OffsetRecordCodec.decode(key: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0], value: value)
        }
    }

    @Test func loadingReplayedRecordsRebuildsCommittedOffsets() {
        func record(_ group: String, _ partition: Int32, _ offset: Int64?) -> OffsetRecord {
            OffsetRecord(
                groupId: group, topic: "t", partition: partition,
                value: offset.map {
                    CommittedOffset(offset: $0, leaderEpoch: 1, metadata: "m\($0)", commitTimestampMs: 0)
                })
        }
        let log = [record("a", 0, 10), record("a", 1, 20), record("a", 0, 11), record("b", 0, 5), record("b", 0, nil)]
        // Through bytes, as they come back from the log.
        let replayed = log.compactMap { try? OffsetRecordCodec.decode(key: $0.encodedKey(), value: $0.encodedValue()) }
        #expect(replayed == log)

        var state = GroupCoordinatorState(memberIdNonce: "n")
        state.load(replayed)
        let a = state.fetchOffsets(GroupOffsetFetchRequest(groupId: "a", partitions: nil))
        #expect(a.partitions.map(\.offset) == [11, 20])
        #expect(a.partitions.map(\.metadata) == ["m11", "m20"])
        #expect(state.groups["b"] == nil, "a group whose only offset was deleted is gone")
        #expect(state.describe(groupId: "a").state == "Empty")
    }
}
