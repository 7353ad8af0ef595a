/// The faults the demo injects, in the order it injects them.
public enum FaultKind: String, Sendable, Codable, CaseIterable {
    case sourceBrokerKill = "source-broker"
    case destinationBrokerKill = "destination-broker"
    case mirrorKill = "mirror"
    case addPartitions = "add-partitions"
    case newTopic = "new-topic"

    /// Whether the fault is a `kill -9` followed by a restart.
    public var restarts: Bool {
        switch self {
        case .sourceBrokerKill, .destinationBrokerKill, .mirrorKill: true
        case .addPartitions, .newTopic: false
        }
    }

    public var title: String {
        switch self {
        case .sourceBrokerKill: "kill -9 source broker"
        case .destinationBrokerKill: "kill -9 destination broker"
        case .mirrorKill: "kill -9 mirror"
        case .addPartitions: "add partitions to a mirrored topic"
        case .newTopic: "create and write a new matching topic"
        }
    }
}

/// One planned fault: when it happens and, for a kill, when the victim is restarted (seconds from the start
/// of producing).
public struct ScheduledFault: Sendable, Equatable, Codable {
    public var kind: FaultKind
    public var at: Double
    public var restartAt: Double?

    public init(kind: FaultKind, at: Double, restartAt: Double? = nil) {
        self.kind = kind
        self.at = at
        self.restartAt = restartAt
    }
}

/// When each fault happens during a run of `duration` seconds. Faults are spread evenly between 15% and 75% of
/// the run, so the flow is steady before the first and has time to recover after the last; each killed process
/// is restarted after 40% of the gap between faults (at most 10 s), so its absence is visible on the charts but
/// ends before the next fault begins.
public struct FaultSchedule: Sendable, Equatable, Codable {
    public var duration: Double
    public var faults: [ScheduledFault]

    /// The shortest run that leaves each fault a few seconds to itself.
    public static let minimumDuration = 20.0

    public init(duration: Double, kinds: [FaultKind] = FaultKind.allCases) throws(ScheduleError) {
        guard duration.isFinite, duration >= Self.minimumDuration else {
            throw ScheduleError("the run must last at least \(Int(Self.minimumDuration)) s to inject faults, "
                + "not \(duration) s")
        }
        guard Set(kinds).count == kinds.count else { throw ScheduleError("each fault kind may appear only once") }
        self.duration = duration
        let first = duration * 0.15
        let last = duration * 0.75
        let gap = kinds.count > 1 ? (last - first) / Double(kinds.count - 1) : 0
        let restartDelay = min(10, max(1, (kinds.count > 1 ? gap : duration * 0.2) * 0.4))
        faults = kinds.enumerated().map { index, kind in
            let at = ((first + Double(index) * gap) * 10).rounded() / 10
            return ScheduledFault(kind: kind, at: at, restartAt: kind.restarts ? at + restartDelay : nil)
        }
    }

    /// No faults at all (`--no-faults`).
    public static func none(duration: Double) -> FaultSchedule {
        FaultSchedule(duration: duration, faults: [])
    }

    private init(duration: Double, faults: [ScheduledFault]) {
        self.duration = duration
        self.faults = faults
    }
}

public struct ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
