import KafkaWire
import NIOCore
import Testing

@Suite("Message round trips")
struct MessageRoundTripTests {
    @Test("every message round-trips at every served version", arguments: MessageCatalog.all)
    func roundTripsAtEveryVersion(_ message: MessageCase) throws {
        for version in message.versions {
            try message.roundTrip(version)
        }
    }

    @Test("the catalog covers all 24 served APIs, both directions")
    func catalogIsComplete() {
        #expect(MessageCatalog.all.count == 48)
    }

    @Test("fields absent in a version decode to their spec defaults")
    func absentFieldsGetDefaults() throws {
        // Produce v8 values encoded at v0 lose transactionalId, logAppendTimeMs, logStartOffset, throttle.
        var reader = WireReader(encode(ResponseSamples.produce(8), version: 0))
        let decoded = try ProduceResponse(from: &reader, version: 0)
        let partition = try #require(decoded.responses.first?.partitionResponses.first)
        #expect(partition.logAppendTimeMs == -1)
        #expect(partition.logStartOffset == -1)
        #expect(partition.recordErrors.isEmpty)
        #expect(decoded.throttleTimeMs == 0)

        var fetchReader = WireReader(encode(RequestSamples.fetch(11), version: 2))
        let fetch = try FetchRequest(from: &fetchReader, version: 2)
        #expect(fetch.maxBytes == 0x7fff_ffff)
        #expect(fetch.sessionEpoch == -1)
        #expect(fetch.topics.first?.partitions.first?.currentLeaderEpoch == -1)
    }

    @Test("Metadata v0 sends 'all topics' as an empty array, v1+ as null")
    func metadataAllTopics() {
        let all = MetadataRequest(topics: nil)
        #expect(array(encode(all, version: 0)) == [0, 0, 0, 0])
        #expect(array(encode(all, version: 1)) == [0xff, 0xff, 0xff, 0xff])
    }

    @Test("record sets are slices of the input, not copies")
    func recordsAreSlices() throws {
        let request = RequestSamples.produce(8)
        let frame = encode(request, version: 8)
        var reader = WireReader(frame)
        let decoded = try ProduceRequest(from: &reader, version: 8)
        let records = try #require(decoded.topicData.first?.partitionData.first?.records)
        #expect(records.readableBytes == 5)
        #expect(records.getString(at: records.readerIndex, length: 5) == "batch")
        #expect(decoded.topicData.first?.partitionData.last?.records == nil)
    }
}
