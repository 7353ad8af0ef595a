/// One record of the internal `__consumer_offsets` topic: a group's commit for a partition, or its deletion.
struct OffsetRecord: Sendable, Equatable {
    var groupId: String
    var topic: String
    var partition: Int32
    /// Nil is a tombstone: the commit was deleted.
    var value: CommittedOffset?

    var topicPartition: GroupTopicPartition { GroupTopicPartition(topic: topic, partition: partition) }

    /// The record key's bytes. Commits for the same (group, topic, partition) share a key, so log compaction
    /// keeps only the latest.
    func encodedKey() -> [UInt8] { OffsetRecordCodec.encodeKey(self) }

    /// The record value's bytes; nil for a tombstone (a record with a null value).
    func encodedValue() -> [UInt8]? { value.map(OffsetRecordCodec.encodeValue) }
}
