/// OffsetCommit and OffsetFetch.
///
/// A commit is two steps because it is acknowledged only once durable: `planOffsetCommit` validates and
/// says which records to persist; after they are persisted, `applyPersisted` makes them visible to fetches.
extension GroupCoordinatorState {
    struct OffsetCommitPlan: Sendable, Equatable {
        /// One result per requested partition, in request order. Partitions to persist carry `none` for now.
        var results: [GroupOffsetCommitPartitionResult]
        /// The records to persist; empty when nothing was accepted.
        var records: [OffsetRecord]
    }

    mutating func planOffsetCommit(
        _ request: GroupOffsetCommitRequest, nowMs: Int64, commitTimestampMs: Int64
    ) -> OffsetCommitPlan {
        let groupError = checkCommitter(request, nowMs: nowMs)
        var results: [GroupOffsetCommitPartitionResult] = []
        var records: [OffsetRecord] = []
        for entry in request.offsets {
            var errorCode = groupError
            let metadata = entry.metadata ?? ""
            // The record format cannot hold more than Int16.max bytes, whatever the configuration says.
            let metadataLimit = min(config.offsetMetadataMaxBytes, Int(Int16.max))
            if errorCode == GroupErrorCode.none && metadata.utf8.count > metadataLimit {
                errorCode = GroupErrorCode.offsetMetadataTooLarge
            }
            if errorCode == GroupErrorCode.none {
                let value = CommittedOffset(
                    offset: entry.offset, leaderEpoch: entry.leaderEpoch, metadata: metadata,
                    commitTimestampMs: commitTimestampMs)
                records.append(
                    OffsetRecord(groupId: request.groupId, topic: entry.topic, partition: entry.partition, value: value)
                )
            }
            results.append(
                GroupOffsetCommitPartitionResult(topic: entry.topic, partition: entry.partition, errorCode: errorCode))
        }
        return OffsetCommitPlan(results: results, records: records)
    }

    /// Applies records that are now durable: commits, or tombstones that delete a commit.
    mutating func applyPersisted(_ records: [OffsetRecord]) {
        for record in records {
            var group = groups.removeValue(forKey: record.groupId) ?? ConsumerGroup(groupId: record.groupId)
            group.setOffset(record.value, for: record.topicPartition)
            if !group.isDisposable { groups[record.groupId] = group }
        }
    }

    /// Rebuilds committed offsets from `__consumer_offsets` records replayed in log order at startup.
    mutating func load(_ records: [OffsetRecord]) {
        applyPersisted(records)
    }

    func fetchOffsets(_ request: GroupOffsetFetchRequest) -> GroupOffsetFetchResult {
        let offsets = groups[request.groupId]?.offsets ?? [:]
        let partitions = request.partitions ?? offsets.keys.sorted()
        let results = partitions.map { key in
            let committed = offsets[key]
            return GroupOffsetFetchPartition(
                topic: key.topic, partition: key.partition, offset: committed?.offset ?? -1,
                leaderEpoch: committed?.leaderEpoch ?? -1, metadata: committed?.metadata ?? "",
                errorCode: GroupErrorCode.none)
        }
        return GroupOffsetFetchResult(errorCode: GroupErrorCode.none, partitions: results)
    }

    /// Who may commit: anyone with generation -1 while the group has no members ("simple" consumers that
    /// assign partitions themselves); otherwise only a member of the current generation.
    private mutating func checkCommitter(_ request: GroupOffsetCommitRequest, nowMs: Int64) -> Int16 {
        guard var group = groups[request.groupId] else {
            return request.generationId < 0 ? GroupErrorCode.none : GroupErrorCode.illegalGeneration
        }
        if request.generationId < 0 && group.state == .empty { return GroupErrorCode.none }
        // Its members are between JoinGroup and SyncGroup: they must finish the rebalance first.
        if group.state == .completingRebalance { return GroupErrorCode.rebalanceInProgress }
        guard group.members[request.memberId] != nil else { return GroupErrorCode.unknownMemberId }
        guard request.generationId == group.generationId else { return GroupErrorCode.illegalGeneration }
        // A commit proves the member alive (commits during PreparingRebalance are allowed, as in Kafka).
        group.members[request.memberId]?.heartbeatReceived(nowMs: nowMs)
        groups[request.groupId] = group
        return GroupErrorCode.none
    }
}
