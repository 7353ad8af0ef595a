import Synchronization
import Testing

@testable import Lab
@testable import ZooKeeper

/// Each test starts its own ZooKeeper server; serialized so that only one JVM starts at a time.
@Suite("ZooKeeperClient against a real server", .serialized)
struct ZooKeeperClientTests {
    @Test func createReadUpdateDelete() async throws {
        try await withZooKeeperServer("crud") { server in
            try await withClient(server) { zk in
                let created = try await zk.create("/crud", data: Array("one".utf8))
                #expect(created == "/crud")
                let (data, stat) = try await zk.getData("/crud")
                #expect(data == Array("one".utf8))
                #expect(stat.version == 0)
                #expect(!stat.isEphemeral)

                let updated = try await zk.setData("/crud", data: Array("two".utf8))
                #expect(updated.version == 1)
                #expect(try await zk.getData("/crud").data == Array("two".utf8))

                try await zk.create("/crud/a")
                try await zk.create("/crud/b", data: [])
                #expect(try await zk.children("/crud") == ["a", "b"])
                #expect(try await zk.exists("/crud/a") != nil)
                #expect(try await zk.exists("/crud/missing") == nil)

                await #expect(throws: ZooKeeperError.nodeExists(path: "/crud")) { try await zk.create("/crud") }
                await #expect(throws: ZooKeeperError.noNode(path: "/nope")) { try await zk.getData("/nope") }
                await #expect(throws: ZooKeeperError.noNode(path: "/nope/child")) { try await zk.create("/nope/child") }
                await #expect(throws: ZooKeeperError.notEmpty(path: "/crud")) { try await zk.delete("/crud") }
                await #expect(throws: ZooKeeperError.dataTooLarge(path: "/crud", bytes: 2_000_000)) {
                    try await zk.setData("/crud", data: [UInt8](repeating: 7, count: 2_000_000))
                }
                await #expect(throws: ZooKeeperError.invalidPath("crud", reason: "it must start with '/'")) {
                    try await zk.exists("crud")
                }
                // The largest allowed value goes through whole.
                let big = [UInt8](repeating: 0xAB, count: ZooKeeperClient.maxDataSize)
                try await zk.setData("/crud", data: big)
                #expect(try await zk.getData("/crud").data == big)

                try await zk.deleteRecursive("/crud")
                #expect(try await zk.exists("/crud") == nil)
                try await zk.deleteRecursive("/crud")  // already gone: fine
            }
        }
    }

    @Test func conditionalUpdatesCheckTheVersion() async throws {
        try await withZooKeeperServer("versions") { server in
            try await withClient(server) { zk in
                try await zk.create("/state", data: [1])
                let first = try await zk.setData("/state", data: [2], version: 0)
                #expect(first.version == 1)
                await #expect(throws: ZooKeeperError.badVersion(path: "/state")) {
                    try await zk.setData("/state", data: [3], version: 0)
                }
                #expect(try await zk.getData("/state").data == [2])
                await #expect(throws: ZooKeeperError.badVersion(path: "/state")) {
                    try await zk.delete("/state", version: 7)
                }
                try await zk.delete("/state", version: 1)
                #expect(try await zk.exists("/state") == nil)
            }
        }
    }

    @Test func sequentialNodesAndParents() async throws {
        try await withZooKeeperServer("sequential") { server in
            try await withClient(server) { zk in
                let first = try await zk.create("/queue/deep/item-", mode: .persistentSequential, createParents: true)
                let second = try await zk.create("/queue/deep/item-", mode: .persistentSequential)
                #expect(first == "/queue/deep/item-0000000000")
                #expect(second == "/queue/deep/item-0000000001")
                try await zk.ensurePath("/queue/deep/item-0000000000/x/y")
                try await zk.ensurePath("/queue/deep/item-0000000000/x/y")  // idempotent
                #expect(try await zk.exists("/queue/deep/item-0000000000/x/y") != nil)
            }
        }
    }

    @Test func ephemeralNodeDisappearsAfterClose() async throws {
        try await withZooKeeperServer("ephemeral") { server in
            try await withClient(server) { observer in
                let owner = try await ZooKeeperClient.connect(server.connectString)
                try await owner.create("/brokers/ids/7", data: Array("{}".utf8), mode: .ephemeral, createParents: true)
                let stat = try #require(try await observer.exists("/brokers/ids/7"))
                #expect(stat.isEphemeral)
                #expect(stat.ephemeralOwner == owner.sessionID)
                await #expect(throws: ZooKeeperError.noChildrenForEphemerals(path: "/brokers/ids/7/x")) {
                    try await owner.create("/brokers/ids/7/x")
                }
                await owner.close()
                #expect(try await observer.exists("/brokers/ids/7") == nil)
                await #expect(throws: ZooKeeperError.closed) { try await owner.exists("/") }
                await owner.close()  // twice is fine
            }
        }
    }

    @Test func watchesFireOnceOnChange() async throws {
        try await withZooKeeperServer("watches") { server in
            try await withClient(server) { zk in
                try await zk.create("/watched", data: [0])
                let dataWatch = WatchRecorder()
                _ = try await zk.getData("/watched", watch: dataWatch.callback)
                try await zk.setData("/watched", data: [1])
                #expect(await dataWatch.next() == WatchEvent(type: .dataChanged, path: "/watched"))
                // One-shot: a second change without a new watch is not reported.
                try await zk.setData("/watched", data: [2])
                #expect(await dataWatch.next(timeout: .milliseconds(300)) == nil)

                let childWatch = WatchRecorder()
                #expect(try await zk.children("/watched", watch: childWatch.callback) == [])
                try await zk.create("/watched/child")
                #expect(await childWatch.next() == WatchEvent(type: .childrenChanged, path: "/watched"))

                let existsWatch = WatchRecorder()
                #expect(try await zk.exists("/later", watch: existsWatch.callback) == nil)
                try await zk.create("/later")
                #expect(await existsWatch.next() == WatchEvent(type: .created, path: "/later"))

                let deleteWatch = WatchRecorder()
                _ = try await zk.exists("/later", watch: deleteWatch.callback)
                try await zk.delete("/later")
                #expect(await deleteWatch.next() == WatchEvent(type: .deleted, path: "/later"))

                // A read that fails leaves no watch behind, and says why.
                await #expect(throws: ZooKeeperError.noNode(path: "/absent")) {
                    try await zk.getData("/absent", watch: { _ in })
                }
            }
        }
    }

    @Test func chrootIsCreatedAndPathsAreRelative() async throws {
        try await withZooKeeperServer("chroot") { server in
            try await withClient(server, chroot: "/kafkalab/lab1") { zk in
                try await zk.create("/brokers", data: [9])
                let watch = WatchRecorder()
                _ = try await zk.getData("/brokers", watch: watch.callback)
                try await zk.setData("/brokers", data: [10])
                #expect(await watch.next() == WatchEvent(type: .dataChanged, path: "/brokers"))
            }
            try await withClient(server) { root in
                let data = try await root.getData("/kafkalab/lab1/brokers").data
                #expect(data == [10])
                #expect(try await root.children("/kafkalab") == ["lab1"])
            }
        }
    }

    @Test func sessionEventsReportDisconnectAndStreamsEndOnClose() async throws {
        try await withZooKeeperServer("session") { server in
            let zk = try await ZooKeeperClient.connect(server.connectString, sessionTimeout: .seconds(4))
            #expect(zk.isConnected)
            #expect(zk.sessionID != 0)
            #expect(zk.negotiatedSessionTimeout == .seconds(4))
            let events = zk.sessionEvents
            await server.stop()
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next() == .disconnected)
            #expect(!zk.isConnected)
            await zk.close()
            #expect(await iterator.next() == nil)  // the stream ends with the client
            var late = zk.sessionEvents.makeAsyncIterator()
            #expect(await late.next() == nil)  // and one made after the close ends at once, with no event
            await #expect(throws: ZooKeeperError.closed) { try await zk.children("/") }
        }
    }

    @Test func connectingToADeadPortFailsClearlyInTime() async throws {
        let port = try FreePort.allocate(count: 1)[0]
        let start = ContinuousClock.now
        do {
            _ = try await ZooKeeperClient.connect("127.0.0.1:\(port)", connectTimeout: .seconds(1))
            Issue.record("connected to a port where nothing listens")
        } catch let error as ZooKeeperError {
            #expect(error == .notReachable(connectString: "127.0.0.1:\(port)", timeout: .seconds(1)))
            #expect("\(error)".contains("ZooKeeper at 127.0.0.1:\(port) is not reachable"))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}

@Suite("Session expiry", .serialized)
struct SessionExpiryTests {
    /// The server expires a session when another handle attaches to it and closes it.
    @Test func expiryIsSurfacedAndANewClientWorks() async throws {
        try await withZooKeeperServer("expiry") { server in
            let victim = try await ZooKeeperClient.connect(server.connectString, sessionTimeout: .seconds(4))
            try await victim.create("/registration", mode: .ephemeral)
            try await victim.create("/persistent", data: [1])
            let watch = WatchRecorder()
            _ = try await victim.getData("/persistent", watch: watch.callback)
            let events = victim.sessionEvents
            let credentials = try #require(victim.sessionCredentials)

            // The impostor's close can lose a race with the victim reattaching to its session (the server then drops
            // the impostor's connection before the close arrives), so attach-and-close is retried until it sticks.
            let expiredFlag = ExpiredFlag()
            let follower = Task {
                for await event in events where event == .expired {
                    expiredFlag.set()
                    return
                }
            }
            var sawExpired = false
            for _ in 0..<5 where !sawExpired {
                let impostor = try await ZooKeeperClient.open(server.connectString, sessionTimeout: .seconds(4),
                    connectTimeout: .seconds(5), logger: victim.logger, resuming: credentials)
                #expect(impostor.sessionID == victim.sessionID)
                await impostor.close()
                let deadline = ContinuousClock.now + .seconds(8)
                while !expiredFlag.isSet && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
                sawExpired = expiredFlag.isSet
            }
            follower.cancel()
            #expect(sawExpired)
            #expect(await watch.next() == WatchEvent(type: .sessionExpired, path: ""))
            await #expect(throws: ZooKeeperError.sessionExpired) { try await victim.exists("/persistent") }
            // A stream made after the expiry still reports it, then ends: an owner that subscribes late (the broker
            // does, right after registering on a new session) must not miss it.
            var late = victim.sessionEvents.makeAsyncIterator()
            #expect(await late.next() == .expired)
            #expect(await late.next() == nil)

            let fresh = try await victim.reconnected()
            #expect(try await fresh.exists("/registration") == nil)
            #expect(try await fresh.getData("/persistent").data == [1])
            await fresh.close()
            await victim.close()
        }
    }
}

/// Set once the victim's session stream reports expiry; read by the polling loop above.
private final class ExpiredFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
