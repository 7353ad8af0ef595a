import ZooKeeper

extension Broker {
    /// Runs the pause fence's ticker; after a freeze, lifts the fence once the broker's view is confirmed: a read on
    /// the session that was current at the freeze succeeds (it survived), or a newer session's watcher has read
    /// everything since.
    func runPauseFence() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: pauseFence.tick)
            let client = zooKeeper
            guard let suspended = pauseFence.beat(session: client), let since = pauseFence.suspendedSince else {
                continue
            }
            if ObjectIdentifier(client) == suspended {
                if (try? await client.exists(ZooKeeperPaths.broker(brokerId))) != nil {
                    pauseFence.confirm(since: since)
                    logger.info("resumed after a freeze; ZooKeeper session intact, leading again")
                    continue
                }
            } else if watcher.hasLoaded {
                pauseFence.confirm(since: since)
                logger.info("resumed after a freeze; new ZooKeeper session's metadata read, leading again")
                continue
            }
            // Normally lifted within a session timeout; say what holds it when it stays up for longer than two (the
            // same report, and the same 10 s limit, as a produce refused meanwhile).
            if let report = pauseFence.longSuspensionReport(session: client) {
                let state = "session connected \(client.isConnected), new session's metadata loaded \(watcher.hasLoaded)"
                logger.warning("\(report); the ticker cannot confirm: \(state)")
            }
        }
    }
}
