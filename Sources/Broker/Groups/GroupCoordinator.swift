import Logging

/// The group coordinator as the request handlers see it: the pure `GroupCoordinatorState` plus its effects —
/// parked JoinGroup/SyncGroup requests, timers, durable offset commits, and the log of membership changes.
actor GroupCoordinator {
    /// Makes records durable, e.g. appends them as one batch to the group's `__consumer_offsets` partition
    /// (see `partition(forGroup:partitionCount:)`). A commit is acknowledged only after this returns.
    typealias Persist = @Sendable ([OffsetRecord]) async throws -> Void

    private var state: GroupCoordinatorState
    private let clock: any GroupClock
    private let persist: Persist
    private var joinWaiters: [GroupWaitToken: GroupResultPromise<GroupJoinResult>] = [:]
    private var syncWaiters: [GroupWaitToken: GroupResultPromise<GroupSyncResult>] = [:]
    private var lastToken: GroupWaitToken = 0
    private var wakeUps = GroupWakeUps()
    /// Persists run one after another, so commits become durable and visible in the order they were made.
    private var persistTail: Task<Void, Never>?
    private var isShutDown = false
    private let logger: Logger

    init(
        config: GroupCoordinatorConfig = GroupCoordinatorConfig(),
        clock: any GroupClock = SystemGroupClock(),
        logger: Logger = Logger(label: "kafkalab.groups"),
        persist: @escaping Persist
    ) {
        let nonce = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        self.state = GroupCoordinatorState(config: config, memberIdNonce: nonce)
        self.clock = clock
        self.logger = logger
        self.persist = persist
    }

    /// The `__consumer_offsets` partition whose leader coordinates `groupId`.
    static func partition(forGroup groupId: String, partitionCount: Int32) -> Int32 {
        GroupPartitioning.partition(forGroup: groupId, partitionCount: partitionCount)
    }

    // MARK: - Membership

    /// JoinGroup. Suspends until the rebalance's join phase ends (bounded by the rebalance timeout).
    func join(_ request: GroupJoinRequest) async -> GroupJoinResult {
        guard !isShutDown else { return .failure(GroupErrorCode.notCoordinator, memberId: request.memberId) }
        let token = nextToken()
        let promise = GroupResultPromise<GroupJoinResult>()
        joinWaiters[token] = promise
        let nowMs = clock.nowMs()
        let cause = "JoinGroup from \(request.memberId.isEmpty ? "new client \(request.clientId)" : request.memberId)"
        perform(logging(request.groupId, cause: cause) { $0.join(request, token: token, nowMs: nowMs) })
        let result = await promise.value
        logIfFailed("JoinGroup", group: request.groupId, member: result.memberId, errorCode: result.errorCode)
        return result
    }

    /// SyncGroup. A follower suspends until the leader's SyncGroup hands out the assignments.
    func sync(_ request: GroupSyncRequest) async -> GroupSyncResult {
        guard !isShutDown else { return .failure(GroupErrorCode.notCoordinator) }
        let token = nextToken()
        let promise = GroupResultPromise<GroupSyncResult>()
        syncWaiters[token] = promise
        let nowMs = clock.nowMs()
        perform(logging(request.groupId, cause: "SyncGroup from \(request.memberId)") {
            $0.sync(request, token: token, nowMs: nowMs)
        })
        let result = await promise.value
        logIfFailed("SyncGroup", group: request.groupId, member: request.memberId, errorCode: result.errorCode)
        return result
    }

    /// Heartbeat; returns the error code.
    func heartbeat(_ request: GroupHeartbeatRequest) -> Int16 {
        guard !isShutDown else { return GroupErrorCode.notCoordinator }
        let (errorCode, actions) = state.heartbeat(request, nowMs: clock.nowMs())
        perform(actions)
        return errorCode
    }

    /// LeaveGroup (v0-2: one member, use `singleMemberErrorCode`; v3: per-member results).
    func leave(_ request: GroupLeaveRequest) -> GroupLeaveResult {
        guard !isShutDown else { return GroupLeaveResult(errorCode: GroupErrorCode.notCoordinator, members: []) }
        let nowMs = clock.nowMs()
        let (result, actions) = logging(request.groupId, cause: "LeaveGroup") { $0.leave(request, nowMs: nowMs) }
        perform(actions)
        return result
    }

    // MARK: - Offsets

    /// OffsetCommit; one result per requested partition, in request order. Returns once durable.
    func commitOffsets(_ request: GroupOffsetCommitRequest) async -> [GroupOffsetCommitPartitionResult] {
        guard !isShutDown else {
            return request.offsets.map {
                .init(topic: $0.topic, partition: $0.partition, errorCode: GroupErrorCode.notCoordinator)
            }
        }
        let plan = state.planOffsetCommit(request, nowMs: clock.nowMs(), commitTimestampMs: clock.wallClockMs())
        guard !plan.records.isEmpty else { return plan.results }
        let failure = await persistInOrder(plan.records)
        guard let failure else { return plan.results }
        return plan.results.map { result in
            var result = result
            if result.errorCode == GroupErrorCode.none { result.errorCode = failure }
            return result
        }
    }

    /// OffsetFetch: committed offset and metadata, -1 where nothing is committed.
    func fetchOffsets(_ request: GroupOffsetFetchRequest) -> GroupOffsetFetchResult {
        guard !isShutDown else {
            return GroupOffsetFetchResult(errorCode: GroupErrorCode.notCoordinator, partitions: [])
        }
        return state.fetchOffsets(request)
    }

    /// Rebuilds committed offsets from decoded `__consumer_offsets` records, in log order. Call before serving.
    func load(records: [OffsetRecord]) {
        state.load(records)
    }

    /// Decodes and loads raw records (null value = tombstone); returns how many were malformed and skipped.
    func load(encodedRecords: [(key: [UInt8], value: [UInt8]?)]) -> Int {
        var records: [OffsetRecord] = []
        var malformed = 0
        for encoded in encodedRecords {
            do {
                if let record = try OffsetRecordCodec.decode(key: encoded.key, value: encoded.value) {
                    records.append(record)
                }
            } catch {
                malformed += 1
            }
        }
        state.load(records)
        return malformed
    }

    // MARK: - Administration

    func describe(groupIds: [String]) -> [GroupDescription] {
        groupIds.map { state.describe(groupId: $0) }
    }

    func list() -> [GroupListing] {
        state.listGroups()
    }

    /// DeleteGroups: groups must be empty; their committed offsets are tombstoned durably.
    func deleteGroups(_ groupIds: [String]) async -> [GroupDeletionResult] {
        guard !isShutDown else {
            return groupIds.map { GroupDeletionResult(groupId: $0, errorCode: GroupErrorCode.notCoordinator) }
        }
        let plan = state.planGroupDeletion(groupIds)
        if !plan.records.isEmpty, let failure = await persistInOrder(plan.records) {
            return plan.results.map {
                GroupDeletionResult(groupId: $0.groupId, errorCode: $0.errorCode == 0 ? failure : $0.errorCode)
            }
        }
        state.removeEmptyGroups(plan.results.filter { $0.errorCode == GroupErrorCode.none }.map(\.groupId))
        return plan.results
    }

    /// Forgets the groups of an offsets partition this broker no longer leads; their parked requests get
    /// NOT_COORDINATOR. Reloading the partition later (`load`) replays its records again.
    func unload(partition: Int32, partitionCount: Int32) {
        perform(
            state.unloadGroups(
                where: { GroupPartitioning.partition(forGroup: $0, partitionCount: partitionCount) == partition },
                errorCode: GroupErrorCode.notCoordinator))
    }

    /// Stops timers and answers every parked request with NOT_COORDINATOR; later calls get it too.
    func shutdown() {
        isShutDown = true
        wakeUps.cancelAll()
        perform(state.abandonAllWaiters(errorCode: GroupErrorCode.notCoordinator))
    }

    // MARK: - Effects

    private func nextToken() -> GroupWaitToken {
        lastToken += 1
        return lastToken
    }

    private func perform(_ actions: [GroupAction]) {
        for action in actions {
            switch action {
            case .completeJoin(let token, let result):
                joinWaiters.removeValue(forKey: token)?.fulfil(result)
            case .completeSync(let token, let result):
                syncWaiters.removeValue(forKey: token)?.fulfil(result)
            case .wake(let groupId, let deadlineMs):
                scheduleWakeUp(groupId: groupId, atMs: deadlineMs)
            }
        }
    }

    private func scheduleWakeUp(groupId: String, atMs deadlineMs: Int64) {
        guard !isShutDown else { return }
        let clock = self.clock
        wakeUps.schedule(groupId: groupId, atMs: deadlineMs) { id in
            Task { [weak self] in
                do { try await clock.sleep(untilMs: deadlineMs) } catch { return }
                await self?.wakeUpFired(groupId: groupId, id: id)
            }
        }
    }

    private func wakeUpFired(groupId: String, id: UInt64) {
        wakeUps.fired(groupId: groupId, id: id)
        guard !isShutDown else { return }
        let nowMs = clock.nowMs()
        perform(logging(groupId, cause: "session or join deadline passed") { $0.tick(groupId: groupId, nowMs: nowMs) })
    }

    private func logIfFailed(_ api: String, group: String, member: String, errorCode: Int16) {
        guard errorCode != GroupErrorCode.none else { return }
        logger.debug(
            "\(api) answered with an error",
            metadata: ["group": "\(group)", "member": "\(member)", "error": "\(errorCode)"])
    }

    /// Runs one event on the state machine and logs what it changed in `groupId`'s membership.
    private func logging<T>(_ groupId: String, cause: String, _ event: (inout GroupCoordinatorState) -> T) -> T {
        let before = state.groups[groupId]?.transitionView
        let result = event(&state)
        let after = state.groups[groupId]?.transitionView
        for line in GroupTransitionLog.lines(groupId: groupId, before: before, after: after, cause: cause) {
            logger.info("\(line)")
        }
        return result
    }

    /// Persists after every earlier persist finished, then applies the records; returns the error code to
    /// report if it failed.
    private func persistInOrder(_ records: [OffsetRecord]) async -> Int16? {
        let previous = persistTail
        let persist = self.persist
        let attempt = Task { () -> Int16? in
            await previous?.value
            do {
                try await persist(records)
            } catch let failure as GroupPersistFailure {
                return failure.errorCode
            } catch {
                return GroupErrorCode.coordinatorNotAvailable
            }
            self.applyPersisted(records)
            return nil
        }
        persistTail = Task { _ = await attempt.value }
        return await attempt.value
    }

    private func applyPersisted(_ records: [OffsetRecord]) {
        state.applyPersisted(records)
    }
}
