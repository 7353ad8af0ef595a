import NIOCore

/// Produce (key 0), versions 0-8. Record sets stay undecoded `ByteBuffer` slices.
public struct ProduceRequest: KafkaRequest, Equatable {
    public typealias Response = ProduceResponse
    public static let apiKey = APIKey.produce
    public static let supportedVersions: ClosedRange<Int16> = 0...8

    public struct PartitionProduceData: KafkaMessage, Equatable {
        public var index: Int32
        public var records: ByteBuffer?

        public init(index: Int32 = 0, records: ByteBuffer? = nil) {
            self.index = index
            self.records = records
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            index = try reader.readInt32()
            records = try reader.readNullableBytes()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(index)
            buffer.writeKafkaNullableBytes(records)
        }
    }

    public struct TopicProduceData: KafkaMessage, Equatable {
        public var name: String
        public var partitionData: [PartitionProduceData]

        public init(name: String = "", partitionData: [PartitionProduceData] = []) {
            self.name = name
            self.partitionData = partitionData
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitionData = try reader.readArray(of: PartitionProduceData.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitionData, version: version)
        }
    }

    public var transactionalId: String?
    public var acks: Int16
    public var timeoutMs: Int32
    public var topicData: [TopicProduceData]

    public init(transactionalId: String? = nil, acks: Int16 = -1, timeoutMs: Int32 = 30_000,
                topicData: [TopicProduceData] = []) {
        self.transactionalId = transactionalId
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topicData = topicData
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        transactionalId = version >= 3 ? try reader.readNullableString() : nil
        acks = try reader.readInt16()
        timeoutMs = try reader.readInt32()
        topicData = try reader.readArray(of: TopicProduceData.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeKafkaNullableString(transactionalId) }
        buffer.writeInteger(acks)
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaArray(topicData, version: version)
    }
}
