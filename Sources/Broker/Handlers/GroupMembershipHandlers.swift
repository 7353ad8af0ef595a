import KafkaWire
import NIOCore

extension RequestHandlers {
    func joinGroup(_ request: JoinGroupRequest, _ context: RequestContext) async throws -> JoinGroupResponse {
        let coordinatorError = broker.groups.coordinatorError(for: request.groupId)
        guard coordinatorError == .none else {
            return JoinGroupResponse(errorCode: coordinatorError, generationId: -1, memberId: request.memberId)
        }
        let result = await broker.groups.coordinator.join(GroupJoinRequest(
            groupId: request.groupId,
            sessionTimeoutMs: request.sessionTimeoutMs,
            // v0 had no rebalance timeout: the session timeout served for both.
            rebalanceTimeoutMs: context.header.apiVersion == 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
            memberId: request.memberId,
            groupInstanceId: request.groupInstanceId,
            protocolType: request.protocolType,
            protocols: request.protocols.map { GroupProtocol(name: $0.name, metadata: Array(buffer: $0.metadata)) },
            clientId: context.header.clientId ?? "",
            clientHost: context.clientAddress,
            apiVersion: context.header.apiVersion))
        return JoinGroupResponse(
            errorCode: ErrorCode(rawValue: result.errorCode),
            generationId: result.generationId,
            protocolName: result.protocolName ?? "",
            leader: result.leaderId,
            memberId: result.memberId,
            members: result.members.map {
                .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: ByteBuffer(bytes: $0.metadata))
            })
    }

    func syncGroup(_ request: SyncGroupRequest, _ context: RequestContext) async throws -> SyncGroupResponse {
        let coordinatorError = broker.groups.coordinatorError(for: request.groupId)
        guard coordinatorError == .none else { return SyncGroupResponse(errorCode: coordinatorError, assignment: ByteBuffer()) }
        let result = await broker.groups.coordinator.sync(GroupSyncRequest(
            groupId: request.groupId, generationId: request.generationId, memberId: request.memberId,
            groupInstanceId: request.groupInstanceId,
            assignments: request.assignments.map { GroupAssignment(memberId: $0.memberId, assignment: Array(buffer: $0.assignment)) }))
        return SyncGroupResponse(errorCode: ErrorCode(rawValue: result.errorCode), assignment: ByteBuffer(bytes: result.assignment))
    }

    func heartbeat(_ request: HeartbeatRequest, _ context: RequestContext) async throws -> HeartbeatResponse {
        let coordinatorError = broker.groups.coordinatorError(for: request.groupId)
        guard coordinatorError == .none else { return HeartbeatResponse(errorCode: coordinatorError) }
        let code = await broker.groups.coordinator.heartbeat(GroupHeartbeatRequest(
            groupId: request.groupId, generationId: request.generationId, memberId: request.memberId,
            groupInstanceId: request.groupInstanceId))
        return HeartbeatResponse(errorCode: ErrorCode(rawValue: code))
    }

    func leaveGroup(_ request: LeaveGroupRequest, _ context: RequestContext) async throws -> LeaveGroupResponse {
        let coordinatorError = broker.groups.coordinatorError(for: request.groupId)
        guard coordinatorError == .none else { return LeaveGroupResponse(errorCode: coordinatorError) }
        // v0-2 name one member; v3+ a list.
        let members =
            context.header.apiVersion < 3
            ? [GroupLeavingMember(memberId: request.memberId)]
            : request.members.map { GroupLeavingMember(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId) }
        let result = await broker.groups.coordinator.leave(GroupLeaveRequest(groupId: request.groupId, members: members))
        return LeaveGroupResponse(
            errorCode: ErrorCode(rawValue: context.header.apiVersion < 3 ? result.singleMemberErrorCode : result.errorCode),
            members: result.members.map {
                .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, errorCode: ErrorCode(rawValue: $0.errorCode))
            })
    }

    func describeGroups(_ request: DescribeGroupsRequest, _ context: RequestContext) async throws -> DescribeGroupsResponse {
        var described: [DescribeGroupsResponse.DescribedGroup] = []
        for groupId in request.groups {
            let coordinatorError = broker.groups.coordinatorError(for: groupId)
            guard coordinatorError == .none else {
                described.append(.init(errorCode: coordinatorError, groupId: groupId))
                continue
            }
            for group in await broker.groups.coordinator.describe(groupIds: [groupId]) {
                described.append(.init(
                    errorCode: ErrorCode(rawValue: group.errorCode), groupId: group.groupId, groupState: group.state,
                    protocolType: group.protocolType, protocolData: group.protocolName,
                    members: group.members.map {
                        .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, clientId: $0.clientId,
                              clientHost: $0.clientHost, memberMetadata: ByteBuffer(bytes: $0.metadata),
                              memberAssignment: ByteBuffer(bytes: $0.assignment))
                    }))
            }
        }
        return DescribeGroupsResponse(groups: described)
    }

    func listGroups(_ request: ListGroupsRequest, _ context: RequestContext) async throws -> ListGroupsResponse {
        let groups = await broker.groups.coordinator.list().filter { broker.groups.coordinatorError(for: $0.groupId) == .none }
        return ListGroupsResponse(groups: groups.map { .init(groupId: $0.groupId, protocolType: $0.protocolType) })
    }
}
