import ZooKeeper

extension Broker {
    /// Runs the pause fence's ticker; after a freeze, lifts the fence once the broker's view is confirmed: a read on
    /// the session that was current at the freeze succeeds (it survived), or a newer session's watcher has read
    /// everything since.
    func runPauseFence() async {
        var lastReport: ContinuousClock.Instant?
        while !Task.isCancelled {
            try? await Task.sleep(for: pauseFence.tick)
            let client = zooKeeper
            guard let suspended = pauseFence.beat(session: client), let since = pauseFence.suspendedSince else {
                continue
            }
            let sameSession = ObjectIdentifier(client) == suspended
            if sameSession {
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
            // Normally lifted within a session timeout; say what holds it if it stays up for longer than two.
            let now = ContinuousClock.now
            let limit = Duration.milliseconds(2 * config.zookeeperSessionTimeoutMs)
            if now - since > limit, lastReport.map({ now - $0 >= .seconds(10) }) ?? true {
                lastReport = now
                logger.warning(
                    "leadership still suspended after a freeze",
                    metadata: [
                        "noticedAgo": "\(now - since)", "sameSession": "\(sameSession)",
                        "sessionConnected": "\(client.isConnected)", "watcherLoaded": "\(watcher.hasLoaded)",
                    ])
            }
        }
    }
}
