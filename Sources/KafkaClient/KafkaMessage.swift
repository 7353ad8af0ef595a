/// One record read by a consumer.
public struct KafkaMessage: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]
    /// Milliseconds since the epoch, or `nil` when the record carries none.
    public var timestamp: Int64?
    /// Microseconds since the epoch when this process received the record from librdkafka.
    public var receivedMicros: Int64
    /// The record's headers, in order (empty when it has none).
    public var headers: [KafkaHeader] = []

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], timestamp: Int64?,
        receivedMicros: Int64
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.receivedMicros = receivedMicros
    }
}

/// A partition and an offset, for assign, commit and seek.
public struct TopicPartitionOffset: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    /// librdkafka's logical offsets.
    public static let beginning: Int64 = -2
    public static let end: Int64 = -1
    public static let stored: Int64 = -1000

    public init(topic: String, partition: Int32, offset: Int64 = TopicPartitionOffset.stored) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
