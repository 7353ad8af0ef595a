import CZooKeeper
import Synchronization

/// Receives everything the C library reports outside of operation completions: session state changes and
/// watch notifications. It is the handle's context object (retained by the client until the handle is
/// closed), so the C callbacks find it through `zoo_get_context`.
///
/// Callbacks into user code and stream yields happen outside the lock.
final class EventHub: Sendable {
    enum State: Equatable {
        case connecting, connected, disconnected, expired, closed
    }

    private struct Inner {
        var state: State = .connecting
        var nextID: UInt = 1
        var subscribers: [UInt: AsyncStream<SessionEvent>.Continuation] = [:]
        var connectWaiters: [UInt: CheckedContinuation<Void, any Error>] = [:]
        var watches: [UInt: WatchCallback] = [:]

        mutating func takeID() -> UInt {
            defer { nextID += 1 }
            return nextID
        }
    }

    private let inner = Mutex(Inner())

    var state: State { inner.withLock { $0.state } }

    // MARK: Session

    /// Called from the global watcher with a `ZOO_*_STATE` value.
    func sessionStateChanged(_ cState: Int32) {
        let newState: State
        switch cState {
        case ZOO_CONNECTED_STATE, ZOO_READONLY_STATE: newState = .connected
        case ZOO_EXPIRED_SESSION_STATE, ZOO_AUTH_FAILED_STATE: newState = .expired
        case ZOO_CONNECTING_STATE, ZOO_ASSOCIATING_STATE, ZOO_NOTCONNECTED_STATE: newState = .disconnected
        default: return
        }
        transition(to: newState)
    }

    /// Moves to `newState` and tells subscribers, connect waiters and (on expiry) watches.
    func transition(to newState: State) {
        let effects = inner.withLock { inner -> (event: SessionEvent?, waiters: [CheckedContinuation<Void, any Error>],
            watches: [WatchCallback], subscribers: [AsyncStream<SessionEvent>.Continuation], finish: Bool) in
            let old = inner.state
            // Terminal states stay; a reconnect attempt before the first connection is not a "disconnect".
            if old == .closed || old == .expired || old == newState { return (nil, [], [], [], false) }
            if newState == .disconnected && old == .connecting { return (nil, [], [], [], false) }
            inner.state = newState
            let event: SessionEvent? =
                switch newState {
                case .connected: .connected
                case .disconnected: .disconnected
                case .expired: .expired
                case .connecting, .closed: nil
                }
            var waiters: [CheckedContinuation<Void, any Error>] = []
            if newState != .disconnected {
                waiters = Array(inner.connectWaiters.values)
                inner.connectWaiters = [:]
            }
            var watches: [WatchCallback] = []
            let terminal = newState == .expired || newState == .closed
            if terminal {
                // Expiry means the watches will never fire; closing drops them silently (the owner asked).
                if newState == .expired { watches = Array(inner.watches.values) }
                inner.watches = [:]
            }
            let subscribers = Array(inner.subscribers.values)
            if terminal { inner.subscribers = [:] }
            return (event, waiters, watches, subscribers, terminal)
        }
        for waiter in effects.waiters {
            switch newState {
            case .connected: waiter.resume()
            case .expired: waiter.resume(throwing: ZooKeeperError.sessionExpired)
            default: waiter.resume(throwing: ZooKeeperError.closed)
            }
        }
        for watch in effects.watches { watch(WatchEvent(type: .sessionExpired, path: "")) }
        for subscriber in effects.subscribers {
            if let event = effects.event { subscriber.yield(event) }
            if effects.finish { subscriber.finish() }
        }
    }

    /// A new stream of session events from now on. Finishes when the session expires or the client closes.
    ///
    /// A stream made after the session expired still says so before it ends: the broker subscribes right after
    /// registering on a new session, and a freeze in between would hand it a stream that ended silently: it would
    /// never notice the expiry and would retry reads on the dead session for ever, fenced and unregistered.
    func subscribe() -> AsyncStream<SessionEvent> {
        let (stream, continuation) = AsyncStream<SessionEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let registered = inner.withLock { inner -> Result<UInt, ZooKeeperError> in
            switch inner.state {
            case .expired: return .failure(.sessionExpired)
            case .closed: return .failure(.closed)
            case .connecting, .connected, .disconnected:
                let id = inner.takeID()
                inner.subscribers[id] = continuation
                return .success(id)
            }
        }
        let id: UInt
        switch registered {
        case .success(let registeredID): id = registeredID
        case .failure(let ended):
            if ended == .sessionExpired { continuation.yield(.expired) }
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.inner.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Returns once connected; throws `.notReachable` after `timeout`, or `.sessionExpired`/`.closed`.
    func waitUntilConnected(timeout: Duration, connectString: String) async throws {
        let id = inner.withLock { $0.takeID() }
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            self?.failWaiter(id, ZooKeeperError.notReachable(connectString: connectString, timeout: timeout))
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let immediate = inner.withLock { inner -> Result<Void, ZooKeeperError>? in
                switch inner.state {
                case .connected: return .success(())
                case .expired: return .failure(.sessionExpired)
                case .closed: return .failure(.closed)
                case .connecting, .disconnected:
                    inner.connectWaiters[id] = continuation
                    return nil
                }
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    private func failWaiter(_ id: UInt, _ error: ZooKeeperError) {
        inner.withLock { $0.connectWaiters.removeValue(forKey: id) }?.resume(throwing: error)
    }

    // MARK: Watches

    /// Registers a one-shot callback; the id travels through the C library as the watcher context.
    func registerWatch(_ callback: @escaping WatchCallback) throws(ZooKeeperError) -> UInt {
        let id: UInt? = inner.withLock { inner in
            guard inner.state != .closed && inner.state != .expired else { return nil }
            let id = inner.takeID()
            inner.watches[id] = callback
            return id
        }
        guard let id else { throw state == .expired ? .sessionExpired : .closed }
        return id
    }

    func removeWatch(_ id: UInt) {
        _ = inner.withLock { $0.watches.removeValue(forKey: id) }
    }

    /// Called from the per-call watcher for node events. Session events are handled by the global watcher.
    func watchFired(id: UInt, type: Int32, path: String) {
        let eventType: WatchEventType
        switch type {
        case ZOO_CREATED_EVENT: eventType = .created
        case ZOO_DELETED_EVENT: eventType = .deleted
        case ZOO_CHANGED_EVENT: eventType = .dataChanged
        case ZOO_CHILD_EVENT: eventType = .childrenChanged
        default: return
        }
        guard let callback = inner.withLock({ $0.watches.removeValue(forKey: id) }) else { return }
        callback(WatchEvent(type: eventType, path: path))
    }
}
