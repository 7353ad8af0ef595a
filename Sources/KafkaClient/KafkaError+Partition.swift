import CRdKafka

extension KafkaError {
    /// The producer was asked for a partition its topic metadata does not (yet) have.
    public var isUnknownPartition: Bool { code == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION.rawValue }
}
