import NIOCore

/// Fetch (key 1), versions 0-11. Fields of later (flexible, topic-id) versions are not modelled.
public struct FetchRequest: KafkaRequest, Equatable {
    public typealias Response = FetchResponse
    public static let apiKey = APIKey.fetch
    public static let supportedVersions: ClosedRange<Int16> = 0...11

    public struct FetchPartition: KafkaMessage, Equatable {
        public var partition: Int32
        public var currentLeaderEpoch: Int32
        public var fetchOffset: Int64
        public var logStartOffset: Int64
        public var partitionMaxBytes: Int32

        public init(partition: Int32 = 0, currentLeaderEpoch: Int32 = -1, fetchOffset: Int64 = 0,
                    logStartOffset: Int64 = -1, partitionMaxBytes: Int32 = 0) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            partition = try reader.readInt32()
            if version >= 9 { currentLeaderEpoch = try reader.readInt32() }
            fetchOffset = try reader.readInt64()
            if version >= 5 { logStartOffset = try reader.readInt64() }
            partitionMaxBytes = try reader.readInt32()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partition)
            if version >= 9 { buffer.writeInteger(currentLeaderEpoch) }
            buffer.writeInteger(fetchOffset)
            if version >= 5 { buffer.writeInteger(logStartOffset) }
            buffer.writeInteger(partitionMaxBytes)
        }
    }

    public struct FetchTopic: KafkaMessage, Equatable {
        public var topic: String
        public var partitions: [FetchPartition]

        public init(topic: String = "", partitions: [FetchPartition] = []) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            topic = try reader.readString()
            partitions = try reader.readArray(of: FetchPartition.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(topic)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    /// Partitions to drop from an incremental fetch session (v7+).
    public struct ForgottenTopic: KafkaMessage, Equatable {
        public var topic: String
        public var partitions: [Int32]

        public init(topic: String = "", partitions: [Int32] = []) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            topic = try reader.readString()
            partitions = try reader.readInt32Array()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(topic)
            buffer.writeInt32Array(partitions)
        }
    }

    /// -1 for consumers, the broker id for followers, `debuggingReplicaId` for a tool reading any replica.
    public var replicaId: Int32
    /// Kafka's DebuggingConsumerId: a fetch any replica answers from its own log (ReplicaVerificationTool's way).
    public static let debuggingReplicaId: Int32 = -2
    public var maxWaitMs: Int32
    public var minBytes: Int32
    public var maxBytes: Int32
    public var isolationLevel: Int8
    public var sessionId: Int32
    public var sessionEpoch: Int32
    public var topics: [FetchTopic]
    public var forgottenTopicsData: [ForgottenTopic]
    public var rackId: String

    public init(replicaId: Int32 = -1, maxWaitMs: Int32 = 500, minBytes: Int32 = 1, maxBytes: Int32 = 0x7fff_ffff,
                isolationLevel: Int8 = 0, sessionId: Int32 = 0, sessionEpoch: Int32 = -1,
                topics: [FetchTopic] = [], forgottenTopicsData: [ForgottenTopic] = [], rackId: String = "") {
        self.replicaId = replicaId
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionId = sessionId
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopicsData = forgottenTopicsData
        self.rackId = rackId
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        replicaId = try reader.readInt32()
        maxWaitMs = try reader.readInt32()
        minBytes = try reader.readInt32()
        if version >= 3 { maxBytes = try reader.readInt32() }
        if version >= 4 { isolationLevel = try reader.readInt8() }
        if version >= 7 {
            sessionId = try reader.readInt32()
            sessionEpoch = try reader.readInt32()
        }
        topics = try reader.readArray(of: FetchTopic.self, version: version)
        if version >= 7 { forgottenTopicsData = try reader.readArray(of: ForgottenTopic.self, version: version) }
        if version >= 11 { rackId = try reader.readString() }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(replicaId)
        buffer.writeInteger(maxWaitMs)
        buffer.writeInteger(minBytes)
        if version >= 3 { buffer.writeInteger(maxBytes) }
        if version >= 4 { buffer.writeInteger(isolationLevel) }
        if version >= 7 {
            buffer.writeInteger(sessionId)
            buffer.writeInteger(sessionEpoch)
        }
        buffer.writeKafkaArray(topics, version: version)
        if version >= 7 { buffer.writeKafkaArray(forgottenTopicsData, version: version) }
        if version >= 11 { buffer.writeKafkaString(rackId) }
    }
}
