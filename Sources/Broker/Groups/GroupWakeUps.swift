/// The coordinator's timers: at most one live task per group, sleeping until the earliest deadline asked for.
///
/// A request for a later deadline rides on the earlier timer: when that fires, the state machine's tick asks
/// again for whatever is due next. A request for an earlier deadline replaces (cancels) the timer.
struct GroupWakeUps {
    private var scheduled: [String: (deadlineMs: Int64, id: UInt64, task: Task<Void, Never>)] = [:]
    private var lastId: UInt64 = 0

    /// Starts a timer through `start` (given the timer's id) unless an earlier one already covers `deadlineMs`.
    mutating func schedule(groupId: String, atMs deadlineMs: Int64, start: (UInt64) -> Task<Void, Never>) {
        if let existing = scheduled[groupId], existing.deadlineMs <= deadlineMs { return }
        scheduled[groupId]?.task.cancel()
        lastId += 1
        scheduled[groupId] = (deadlineMs, lastId, start(lastId))
    }

    /// Forgets the timer `id` of `groupId` once it has fired (unless it was already replaced).
    mutating func fired(groupId: String, id: UInt64) {
        if scheduled[groupId]?.id == id { scheduled[groupId] = nil }
    }

    mutating func cancelAll() {
        for entry in scheduled.values { entry.task.cancel() }
        scheduled.removeAll()
    }
}
