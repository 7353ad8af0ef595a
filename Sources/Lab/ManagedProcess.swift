import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A background OS process the lab started: detached into its own session (so it outlives the CLI that
/// started it and ignores the terminal's hang-up), stdin from /dev/null, stdout and stderr appended to a log.
///
/// It is a value (pid + start time) so it can be written to cluster.json and used by a later CLI process. The
/// start time guards against pid reuse: a recorded process whose pid now belongs to another program counts as
/// exited and is never signalled.
public struct ManagedProcess: Codable, Sendable, Hashable {
    public var pid: Int32
    /// Start time in clock ticks since boot (field 22 of /proc/<pid>/stat); nil if it could not be read.
    public var startTime: UInt64?
    public var logFile: String

    public init(pid: Int32, startTime: UInt64?, logFile: String) {
        self.pid = pid
        self.startTime = startTime
        self.logFile = logFile
    }

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`.
    public static func spawn(executable: String, arguments: [String], logFile: String,
        environment: [String: String]? = nil) throws -> ManagedProcess {
        let resolved = try Executable.resolve(executable)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session, an empty signal mask and default dispositions: the child must not inherit the
        // blocked or ignored signals of the test runner or the CLI.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(spawnSetSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Listening sockets and files of the parent must not leak into a process that outlives it.
        addCloseFrom(&actions, 3)

        let argv = ([resolved] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { env in
            env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { envp?.forEach { free($0) } }

        var pid: pid_t = 0
        let rc: Int32 = argv.withUnsafeBufferPointer { argvBuffer in
            guard let argvPointer = argvBuffer.baseAddress else { return EINVAL }
            guard let envp else {
                return posix_spawn(&pid, resolved, &actions, &attributes, argvPointer, environ)
            }
            return envp.withUnsafeBufferPointer { envBuffer in
                posix_spawn(&pid, resolved, &actions, &attributes, argvPointer, envBuffer.baseAddress)
            }
        }
        guard rc == 0 else { throw LabError.spawnFailed(executable: resolved, errno: rc) }
        return ManagedProcess(pid: pid, startTime: ProcFS.startTime(of: pid), logFile: logFile)
    }

    /// What the process is doing now. Reaps it first if it is a child of this process that has exited.
    public var state: ProcessState {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return .exited }
        guard let info = ProcFS.stat(of: pid) else { return .exited }
        if let startTime, info.startTime != startTime { return .exited }
        switch info.state {
        case "Z", "X", "x": return .exited
        case "T", "t": return .paused
        default: return .running
        }
    }

    /// Running or paused (a paused process still holds its ports and ZooKeeper session until it times out).
    public var isAlive: Bool { state != .exited }

    /// Sends `signal` if the process is still the one that was started; returns false if it has exited.
    @discardableResult
    public func signal(_ signal: Int32) -> Bool {
        guard isAlive else { return false }
        return kill(pid, signal) == 0
    }

    /// Waits until the process exits; returns false if it is still alive after `timeout`.
    public func wait(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isAlive {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// SIGTERM (with SIGCONT, so a paused process can act on it), then SIGKILL after `timeout`.
    public func stop(timeout: Duration = .seconds(10)) async {
        guard signal(SIGTERM) else { return }
        signal(SIGCONT)
        if await wait(timeout: timeout) { return }
        signal(SIGKILL)
        _ = await wait(timeout: .seconds(5))
    }
}

/// A process's state as /proc and waitpid tell it.
public enum ProcessState: String, Codable, Sendable {
    case running
    /// Stopped by SIGSTOP (resume with SIGCONT).
    case paused
    /// Gone (or a zombie, or its pid now belongs to another program).
    case exited
}
