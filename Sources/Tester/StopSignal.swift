import Synchronization

/// Asks a run to stop producing early (e.g. on Ctrl-C) while still draining and giving a verdict.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func trigger() { flag.store(true, ordering: .releasing) }

    public var isTriggered: Bool { flag.load(ordering: .acquiring) }
}
