/// Every Kafka API key, numbered as Apache Kafka numbers them (keys 0 through 87).
///
/// Only a subset is served; unknown raw keys stay `Int16` in `RequestHeader` so they can be answered.
public enum APIKey: Int16, Sendable, CaseIterable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case leaderAndIsr = 4
    case stopReplica = 5
    case updateMetadata = 6
    case controlledShutdown = 7
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case describeGroups = 15
    case listGroups = 16
    case saslHandshake = 17
    case apiVersions = 18
    case createTopics = 19
    case deleteTopics = 20
    case deleteRecords = 21
    case initProducerId = 22
    case offsetForLeaderEpoch = 23
    case addPartitionsToTxn = 24
    case addOffsetsToTxn = 25
    case endTxn = 26
    case writeTxnMarkers = 27
    case txnOffsetCommit = 28
    case describeAcls = 29
    case createAcls = 30
    case deleteAcls = 31
    case describeConfigs = 32
    case alterConfigs = 33
    case alterReplicaLogDirs = 34
    case describeLogDirs = 35
    case saslAuthenticate = 36
    case createPartitions = 37
    case createDelegationToken = 38
    case renewDelegationToken = 39
    case expireDelegationToken = 40
    case describeDelegationToken = 41
    case deleteGroups = 42
    case electLeaders = 43
    case incrementalAlterConfigs = 44
    case alterPartitionReassignments = 45
    case listPartitionReassignments = 46
    case offsetDelete = 47
    case describeClientQuotas = 48
    case alterClientQuotas = 49
    case describeUserScramCredentials = 50
    case alterUserScramCredentials = 51
    case vote = 52
    case beginQuorumEpoch = 53
    case endQuorumEpoch = 54
    case describeQuorum = 55
    case alterPartition = 56
    case updateFeatures = 57
    case envelope = 58
    case fetchSnapshot = 59
    case describeCluster = 60
    case describeProducers = 61
    case brokerRegistration = 62
    case brokerHeartbeat = 63
    case unregisterBroker = 64
    case describeTransactions = 65
    case listTransactions = 66
    case allocateProducerIds = 67
    case consumerGroupHeartbeat = 68
    case consumerGroupDescribe = 69
    case controllerRegistration = 70
    case getTelemetrySubscriptions = 71
    case pushTelemetry = 72
    case assignReplicasToDirs = 73
    case listClientMetricsResources = 74
    case describeTopicPartitions = 75
    case shareGroupHeartbeat = 76
    case shareGroupDescribe = 77
    case shareFetch = 78
    case shareAcknowledge = 79
    case addRaftVoter = 80
    case removeRaftVoter = 81
    case updateRaftVoter = 82
    case initializeShareGroupState = 83
    case readShareGroupState = 84
    case writeShareGroupState = 85
    case deleteShareGroupState = 86
    case readShareGroupStateSummary = 87
}

extension APIKey {
    /// The first version that uses flexible (compact + tagged-field) encoding, from the message specs'
    /// "flexibleVersions"; nil for APIs that have none.
    public var firstFlexibleVersion: Int16? {
        switch self {
        case .alterPartitionReassignments, .listPartitionReassignments, .describeUserScramCredentials,
             .alterUserScramCredentials, .vote, .describeQuorum, .alterPartition, .updateFeatures, .envelope,
             .fetchSnapshot, .describeCluster, .describeProducers, .brokerRegistration, .brokerHeartbeat,
             .unregisterBroker, .describeTransactions, .listTransactions, .allocateProducerIds,
             .consumerGroupHeartbeat, .consumerGroupDescribe, .controllerRegistration, .getTelemetrySubscriptions,
             .pushTelemetry, .assignReplicasToDirs, .listClientMetricsResources, .describeTopicPartitions,
             .shareGroupHeartbeat, .shareGroupDescribe, .shareFetch, .shareAcknowledge, .addRaftVoter,
             .removeRaftVoter, .updateRaftVoter, .initializeShareGroupState, .readShareGroupState,
             .writeShareGroupState, .deleteShareGroupState, .readShareGroupStateSummary:
            return 0
        case .writeTxnMarkers, .incrementalAlterConfigs, .describeClientQuotas, .alterClientQuotas, .beginQuorumEpoch,
             .endQuorumEpoch:
            return 1
        case .stopReplica, .deleteRecords, .initProducerId, .describeAcls, .createAcls, .deleteAcls, .alterConfigs,
             .alterReplicaLogDirs, .describeLogDirs, .saslAuthenticate, .createPartitions, .createDelegationToken,
             .renewDelegationToken, .expireDelegationToken, .describeDelegationToken, .deleteGroups, .electLeaders:
            return 2
        case .controlledShutdown, .findCoordinator, .listGroups, .apiVersions, .addPartitionsToTxn, .addOffsetsToTxn,
             .endTxn, .txnOffsetCommit:
            return 3
        case .leaderAndIsr, .heartbeat, .leaveGroup, .syncGroup, .deleteTopics, .offsetForLeaderEpoch,
             .describeConfigs:
            return 4
        case .describeGroups, .createTopics:
            return 5
        case .listOffsets, .updateMetadata, .offsetFetch, .joinGroup:
            return 6
        case .offsetCommit:
            return 8
        case .produce, .metadata:
            return 9
        case .fetch:
            return 12
        case .saslHandshake, .offsetDelete:
            return nil
        }
    }

    /// Whether `version` of this API uses flexible encoding.
    public func isFlexible(version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }

    /// The API's name as Kafka spells it ("Produce", "ApiVersions"), for logs.
    public var name: String {
        let text = String(describing: self)
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
