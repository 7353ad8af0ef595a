import ZooKeeper

extension Broker {
    /// Runs the metadata watcher of each ZooKeeper session in turn. When a session expires (the broker was paused
    /// or cut off for longer than the session timeout), its ephemeral registration and watches are gone: a new
    /// session is opened, the broker registers again and a new watcher re-reads everything, which brings leadership
    /// (and so followers and their truncation) back in line with what the controller decided meanwhile.
    func followZooKeeperSessions() async {
        while !Task.isCancelled {
            let client = zooKeeper
            let watcher = self.watcher
            // Subscribed before the watcher starts, so an expiry during its first reads is not missed (and one before
            // the subscription is reported by the stream all the same). However the stream ends, the watcher stops:
            // a watcher left running on a dead session would retry its reads for ever.
            let events = client.sessionEvents
            let expiry = Task {
                defer { watcher.stop() }
                for await event in events where event == .expired { return true }
                return false
            }
            await watcher.run()
            expiry.cancel()
            guard await expiry.value, !Task.isCancelled else { return }
            logger.warning("ZooKeeper session expired; starting a new one")
            await startNewSession(replacing: client)
        }
    }

    private func startNewSession(replacing expired: ZooKeeperClient) async {
        controller.sessionLost()
        await expired.close()
        while !Task.isCancelled {
            var fresh: ZooKeeperClient?
            do {
                let next = try await expired.reconnected()
                fresh = next
                client.replace(with: next)
                session.withLock {
                    $0 = Self.bind(next, brokerId: brokerId, logger: logger, applied: applied)
                }
                try await register()
                logger.info("ZooKeeper session renewed; registered again", metadata: ["brokerId": "\(brokerId)"])
                return
            } catch {
                logger.warning("could not renew the ZooKeeper session", metadata: ["error": "\(error)"])
                // A session that could not register is useless: end it (its watcher never ran) and try afresh.
                if let fresh { await fresh.close() }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
