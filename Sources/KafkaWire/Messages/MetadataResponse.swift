import NIOCore

/// The answer to a Metadata request, versions 0-8.
public struct MetadataResponse: KafkaMessage, Equatable {
    public struct MetadataResponseBroker: KafkaMessage, Equatable {
        public var nodeId: Int32
        public var host: String
        public var port: Int32
        public var rack: String?

        public init(nodeId: Int32 = 0, host: String = "", port: Int32 = 0, rack: String? = nil) {
            self.nodeId = nodeId
            self.host = host
            self.port = port
            self.rack = rack
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            nodeId = try reader.readInt32()
            host = try reader.readString()
            port = try reader.readInt32()
            rack = version >= 1 ? try reader.readNullableString() : nil
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(nodeId)
            buffer.writeKafkaString(host)
            buffer.writeInteger(port)
            if version >= 1 { buffer.writeKafkaNullableString(rack) }
        }
    }

    public struct MetadataResponsePartition: KafkaMessage, Equatable {
        public var errorCode: ErrorCode
        public var partitionIndex: Int32
        public var leaderId: Int32
        public var leaderEpoch: Int32
        public var replicaNodes: [Int32]
        public var isrNodes: [Int32]
        public var offlineReplicas: [Int32]

        public init(errorCode: ErrorCode = .none, partitionIndex: Int32 = 0, leaderId: Int32 = -1,
                    leaderEpoch: Int32 = -1, replicaNodes: [Int32] = [], isrNodes: [Int32] = [],
                    offlineReplicas: [Int32] = []) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderId = leaderId
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            errorCode = ErrorCode(try reader.readInt16())
            partitionIndex = try reader.readInt32()
            leaderId = try reader.readInt32()
            if version >= 7 { leaderEpoch = try reader.readInt32() }
            replicaNodes = try reader.readInt32Array()
            isrNodes = try reader.readInt32Array()
            if version >= 5 { offlineReplicas = try reader.readInt32Array() }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(leaderId)
            if version >= 7 { buffer.writeInteger(leaderEpoch) }
            buffer.writeInt32Array(replicaNodes)
            buffer.writeInt32Array(isrNodes)
            if version >= 5 { buffer.writeInt32Array(offlineReplicas) }
        }
    }

    public struct MetadataResponseTopic: KafkaMessage, Equatable {
        public var errorCode: ErrorCode
        public var name: String
        public var isInternal: Bool
        public var partitions: [MetadataResponsePartition]
        public var topicAuthorizedOperations: Int32

        public init(errorCode: ErrorCode = .none, name: String = "", isInternal: Bool = false,
                    partitions: [MetadataResponsePartition] = [], topicAuthorizedOperations: Int32 = Int32.min) {
            self.errorCode = errorCode
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            errorCode = ErrorCode(try reader.readInt16())
            name = try reader.readString()
            if version >= 1 { isInternal = try reader.readBool() }
            partitions = try reader.readArray(of: MetadataResponsePartition.self, version: version)
            if version >= 8 { topicAuthorizedOperations = try reader.readInt32() }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaString(name)
            if version >= 1 { buffer.writeKafkaBool(isInternal) }
            buffer.writeKafkaArray(partitions, version: version)
            if version >= 8 { buffer.writeInteger(topicAuthorizedOperations) }
        }
    }

    public var throttleTimeMs: Int32
    public var brokers: [MetadataResponseBroker]
    public var clusterId: String?
    public var controllerId: Int32
    public var topics: [MetadataResponseTopic]
    public var clusterAuthorizedOperations: Int32

    public init(throttleTimeMs: Int32 = 0, brokers: [MetadataResponseBroker] = [], clusterId: String? = nil,
                controllerId: Int32 = -1, topics: [MetadataResponseTopic] = [],
                clusterAuthorizedOperations: Int32 = Int32.min) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 3 { throttleTimeMs = try reader.readInt32() }
        brokers = try reader.readArray(of: MetadataResponseBroker.self, version: version)
        if version >= 2 { clusterId = try reader.readNullableString() }
        if version >= 1 { controllerId = try reader.readInt32() }
        topics = try reader.readArray(of: MetadataResponseTopic.self, version: version)
        if version >= 8 { clusterAuthorizedOperations = try reader.readInt32() }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(brokers, version: version)
        if version >= 2 { buffer.writeKafkaNullableString(clusterId) }
        if version >= 1 { buffer.writeInteger(controllerId) }
        buffer.writeKafkaArray(topics, version: version)
        if version >= 8 { buffer.writeInteger(clusterAuthorizedOperations) }
    }
}
