import Foundation
import Testing

@testable import Lab

@Suite(.serialized)
struct ZooKeeperServerTests {
    @Test func startsAnswersRuokAndStops() async throws {
        let directory = try makeTemporaryDirectory("server")
        defer { removeTemporaryDirectory(directory) }
        let port = try FreePort.allocate(count: 1)[0]
        let server = try await ZooKeeperServer.start(port: port, directory: directory)
        #expect(await server.isServing())
        let report = await server.serverReport()
        #expect(report?.contains("Zookeeper version") == true, "srvr said \(String(describing: report))")
        #expect(FileManager.default.fileExists(atPath: directory + "/zoo.cfg"))
        #expect(!FreePort.isFree(port))

        // A second server on the same port is refused before any JVM starts.
        await #expect(throws: LabError.portInUse(port: port, purpose: "ZooKeeper")) {
            try await ZooKeeperServer.start(port: port, directory: directory + "/second")
        }

        await server.stop()
        #expect(!server.process.isAlive)
        #expect(await server.isServing() == false)
        #expect(FreePort.isFree(port))
    }

    @Test func configHasTheLabSettings() {
        let text = ZooKeeperServer.configText(port: 2999, dataDir: "/d", tickTimeMillis: 500,
            maxSessionTimeoutMillis: 60000)
        for line in ["clientPort=2999", "dataDir=/d", "admin.enableServer=false", "4lw.commands.whitelist=*",
            "tickTime=500", "maxSessionTimeout=60000", "clientPortAddress=127.0.0.1"] {
            #expect(text.contains(line + "\n"))
        }
    }
}
