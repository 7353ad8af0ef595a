import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import Lab

struct ManagedProcessTests {
    @Test func spawnPauseResumeAndStop() async throws {
        let directory = try makeTemporaryDirectory("process")
        defer { removeTemporaryDirectory(directory) }
        let process = try ManagedProcess.spawn(executable: "sleep", arguments: ["60"], logFile: directory + "/log")
        #expect(process.startTime != nil)
        #expect(process.state == .running)
        #expect(process.signal(SIGSTOP))
        #expect(await eventually { process.state == .paused })
        #expect(process.signal(SIGCONT))
        #expect(await eventually { process.state == .running })
        await process.stop(timeout: .seconds(5))
        #expect(process.state == .exited)
        #expect(!process.signal(SIGTERM))  // never signals a process that is gone
    }

    @Test func killedProcessIsReportedExited() async throws {
        let directory = try makeTemporaryDirectory("kill")
        defer { removeTemporaryDirectory(directory) }
        let process = try ManagedProcess.spawn(executable: "/bin/sleep", arguments: ["60"], logFile: directory + "/log")
        #expect(process.signal(SIGKILL))
        #expect(await process.wait(timeout: .seconds(5)))
        #expect(!process.isAlive)
    }

    @Test func outputGoesToTheLogFileAndTheChildHasItsOwnSession() async throws {
        let directory = try makeTemporaryDirectory("log")
        defer { removeTemporaryDirectory(directory) }
        let log = directory + "/out.log"
        let process = try ManagedProcess.spawn(executable: "/bin/sh",
            arguments: ["-c", "echo to-stdout; echo to-stderr >&2; ps -o sid= -p $$"], logFile: log)
        #expect(await process.wait(timeout: .seconds(10)))
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("to-stdout"))
        #expect(text.contains("to-stderr"))
        // setsid: the child leads a new session, so its session id is its own pid.
        if let sid = text.split(separator: "\n").last.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) {
            #expect(sid == process.pid)
        }
        #expect(logTail(log, lines: 5).contains("to-stdout"))
    }

    @Test func missingExecutablesGetAClearError() {
        #expect(throws: LabError.self) {
            try ManagedProcess.spawn(executable: "no-such-program-kafkalab", arguments: [], logFile: "/dev/null")
        }
        #expect(throws: LabError.self) {
            try ManagedProcess.spawn(executable: "/nonexistent/bin/x", arguments: [], logFile: "/dev/null")
        }
    }

    @Test func procStatParsingSurvivesHostileCommandNames() {
        let line = "1234 (evil) name (x) S) T 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10"
        #expect(ProcFS.parse(line)?.state == "T")
        #expect(ProcFS.parse(line)?.startTime == 987654)
        #expect(ProcFS.parse("garbage") == nil)
        #expect(ProcFS.parse("1 (x) R 1 2") == nil)
    }

    @Test func freePortsAreDistinctAndBindable() throws {
        let ports = try FreePort.allocate(count: 5)
        #expect(Set(ports).count == 5)
        for port in ports { #expect(FreePort.isFree(port)) }
    }
}
