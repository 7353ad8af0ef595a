import Foundation
import Logging

/// A standalone ZooKeeper server (Debian's jar, run by `java`), with its config, data and log in one
/// directory: `<directory>/zoo.cfg`, `<directory>/data/`, `<directory>/zookeeper.log`.
public struct ZooKeeperServer: Codable, Sendable, Hashable {
    public var port: Int
    public var directory: String
    public var process: ManagedProcess

    public var connectString: String { "127.0.0.1:\(port)" }
    public var logFile: String { process.logFile }

    /// The jars the server needs, all from Debian's packages: the server, its wire format and a logging
    /// binding (slf4j-simple writes to stderr, which goes to the log file).
    public static let classpathJars = [
        "/usr/share/java/zookeeper.jar", "/usr/share/java/zookeeper-jute.jar",
        "/usr/share/java/slf4j-api.jar", "/usr/share/java/slf4j-simple.jar",
    ]

    public init(port: Int, directory: String, process: ManagedProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Writes the config and starts the server, then waits until it answers `ruok` with `imok`.
    /// On failure the process is stopped and the error carries the end of its log.
    public static func start(port: Int, directory: String, tickTimeMillis: Int = 500,
        maxSessionTimeoutMillis: Int = 60000, timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "kafkalab.lab")) async throws -> ZooKeeperServer {
        let java = try Executable.resolve("java")
        for jar in classpathJars where !FileManager.default.fileExists(atPath: jar) {
            throw LabError.executableNotFound(name: jar, hint: "install Debian's 'zookeeper' package")
        }
        guard (1...65535).contains(port) else { throw LabError.invalidSpec("ZooKeeper port \(port) is out of range") }
        guard FreePort.isFree(port) else { throw LabError.portInUse(port: port, purpose: "ZooKeeper") }
        let directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        let dataDir = directory + "/data"
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
            let config = configText(port: port, dataDir: dataDir, tickTimeMillis: tickTimeMillis,
                maxSessionTimeoutMillis: maxSessionTimeoutMillis)
            try config.write(toFile: directory + "/zoo.cfg", atomically: true, encoding: .utf8)
        } catch {
            throw LabError.io(path: directory, reason: "\(error)")
        }
        let arguments = [
            // A small, quickly started JVM: the lab runs many processes on few cores.
            "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-cp", classpathJars.joined(separator: ":"),
            "org.apache.zookeeper.server.ZooKeeperServerMain", directory + "/zoo.cfg",
        ]
        let process = try ManagedProcess.spawn(executable: java, arguments: arguments,
            logFile: directory + "/zookeeper.log")
        logger.debug("started ZooKeeper", metadata: ["pid": "\(process.pid)", "port": "\(port)"])
        let server = ZooKeeperServer(port: port, directory: directory, process: process)
        do {
            try await server.waitUntilReady(timeout: timeout)
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// Whether the server serves clients now: it answers `ruok` with `imok` and `srvr` with its report.
    /// (`imok` alone comes a moment too early: `srvr` still says "not currently serving requests".)
    public func isServing() async -> Bool {
        let port = self.port
        return await Blocking.run {
            TCPProbe.fourLetterWord("ruok", port: port) == "imok"
                && TCPProbe.fourLetterWord("srvr", port: port)?.hasPrefix("Zookeeper version") == true
        }
    }

    /// The server's `srvr` report (version, mode, counts), or nil when it does not answer.
    public func serverReport() async -> String? {
        let port = self.port
        return await Blocking.run { TCPProbe.fourLetterWord("srvr", port: port) }
    }

    /// SIGTERM, then SIGKILL after `timeout`.
    public func stop(timeout: Duration = .seconds(10)) async {
        await process.stop(timeout: timeout)
    }

    func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if await isServing() { return }
            if !process.isAlive { throw LabError.zookeeperExited(port: port, logTail: logTail(logFile)) }
            if ContinuousClock.now >= deadline {
                throw LabError.zookeeperNotReady(port: port, timeout: timeout, logTail: logTail(logFile))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func configText(port: Int, dataDir: String, tickTimeMillis: Int, maxSessionTimeoutMillis: Int)
        -> String {
        """
        # Written by kafkalab: a standalone ZooKeeper for one lab cluster.
        tickTime=\(tickTimeMillis)
        dataDir=\(dataDir)
        clientPort=\(port)
        clientPortAddress=127.0.0.1
        maxClientCnxns=0
        # Sessions may be as short as 2 ticks; brokers ask for zookeeper.session.timeout.ms.
        minSessionTimeout=\(2 * tickTimeMillis)
        maxSessionTimeout=\(maxSessionTimeoutMillis)
        admin.enableServer=false
        4lw.commands.whitelist=*
        autopurge.snapRetainCount=3
        autopurge.purgeInterval=1

        """
    }
}
