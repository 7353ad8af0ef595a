/// The first read of a new ZooKeeper session, made whole before anything is applied.
///
/// Found by the SIGSTOP durability run: a broker frozen again while its new session was still reading came back to
/// an expired session with the topic list read but the topic not. The half-read view was applied; the topic looked
/// deleted, and the broker deleted its replicas and started them again empty while ZooKeeper still listed it in
/// their ISRs, so it could be elected leader of an empty log. Kafka deletes replicas only when the controller says
/// so; here a view is acted on only once every node of it has been read.
enum CompleteFirstLoad {
    /// Reads `roots`, then re-reads whatever `unread()` reports (nodes whose read failed, at any depth) every
    /// `pause` until nothing is unread. Returns false, without waiting further, once `isStopped()` holds (the
    /// session ended): such a view must not be applied.
    static func run<Node: Sendable>(
        roots: [Node], attempt: (Node) async -> Bool, unread: () -> [Node], isStopped: () -> Bool,
        pause: () async -> Void
    ) async -> Bool {
        var batch = roots
        while true {
            for node in batch {
                guard !isStopped() else { return false }
                _ = await attempt(node)
            }
            guard !isStopped() else { return false }
            batch = unread()
            if batch.isEmpty { return true }
            await pause()
        }
    }
}
