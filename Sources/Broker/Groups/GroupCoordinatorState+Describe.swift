/// DescribeGroups, ListGroups and DeleteGroups.
extension GroupCoordinatorState {
    func describe(groupId: String) -> GroupDescription {
        guard let group = groups[groupId] else {
            // Kafka reports an unknown group as Dead, without an error.
            return GroupDescription(
                errorCode: GroupErrorCode.none, groupId: groupId, state: GroupState.dead.kafkaName,
                protocolType: "", protocolName: "", members: [])
        }
        let isStable = group.state == .stable
        let members = group.memberIds.compactMap { group.members[$0] }.map { member in
            GroupMemberDescription(
                memberId: member.memberId, groupInstanceId: member.groupInstanceId, clientId: member.clientId,
                clientHost: member.clientHost,
                metadata: isStable ? member.metadata(forProtocol: group.protocolName) : [],
                assignment: isStable ? member.assignment : [])
        }
        return GroupDescription(
            errorCode: GroupErrorCode.none, groupId: groupId, state: group.state.kafkaName,
            protocolType: group.protocolType ?? "", protocolName: isStable ? (group.protocolName ?? "") : "",
            members: members)
    }

    func listGroups() -> [GroupListing] {
        groups.values.sorted { $0.groupId < $1.groupId }.map {
            GroupListing(groupId: $0.groupId, protocolType: $0.protocolType ?? "", state: $0.state.kafkaName)
        }
    }

    struct GroupDeletionPlan: Sendable, Equatable {
        var results: [GroupDeletionResult]
        /// Tombstones for every offset of the deletable groups; apply with `applyPersisted` once durable.
        var records: [OffsetRecord]
    }

    /// DeleteGroups: only groups without members can go; their committed offsets are tombstoned.
    func planGroupDeletion(_ groupIds: [String]) -> GroupDeletionPlan {
        var plan = GroupDeletionPlan(results: [], records: [])
        for groupId in groupIds {
            let errorCode: Int16
            if let group = groups[groupId] {
                if group.state == .empty && group.members.isEmpty {
                    errorCode = GroupErrorCode.none
                    plan.records += group.offsets.keys.sorted().map {
                        OffsetRecord(groupId: groupId, topic: $0.topic, partition: $0.partition, value: nil)
                    }
                } else {
                    errorCode = GroupErrorCode.nonEmptyGroup
                }
            } else {
                errorCode = GroupErrorCode.groupIdNotFound
            }
            plan.results.append(GroupDeletionResult(groupId: groupId, errorCode: errorCode))
        }
        return plan
    }

    /// Forgets deleted groups whose tombstones are durable (groups with offsets vanish via `applyPersisted`).
    mutating func removeEmptyGroups(_ groupIds: [String]) {
        for groupId in groupIds {
            guard let group = groups[groupId], group.state == .empty, group.members.isEmpty else { continue }
            groups[groupId] = nil
        }
    }
}
