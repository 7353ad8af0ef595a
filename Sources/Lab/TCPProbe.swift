#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Short, bounded loopback probes. Blocking, with poll timeouts; callers run them through `Blocking.run`.
enum TCPProbe {
    /// Whether 127.0.0.1:`port` accepts a TCP connection within `timeoutMillis`.
    static func canConnect(port: Int, timeoutMillis: Int32 = 500) -> Bool {
        guard let fd = connect(port: port, timeoutMillis: timeoutMillis) else { return false }
        close(fd)
        return true
    }

    /// Sends a ZooKeeper four-letter word ("ruok", "srvr") and returns the reply (at most 64 KiB), or nil.
    static func fourLetterWord(_ word: String, port: Int, timeoutMillis: Int32 = 1000) -> String? {
        guard let fd = connect(port: port, timeoutMillis: timeoutMillis) else { return nil }
        defer { close(fd) }
        let bytes = Array(word.utf8)
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { return nil }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while reply.count < 65536 {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, timeoutMillis) == 1 else { return nil }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            reply.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: reply, as: UTF8.self)
    }

    /// A connected blocking socket, or nil when nothing accepts within the timeout.
    private static func connect(port: Int, timeoutMillis: Int32) -> Int32? {
        let fd = socket(AF_INET, streamSocketType, 0)
        guard fd >= 0 else { return nil }
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let result = withSocketAddress(loopbackAddress(port: port)) { Glibc.connect(fd, $0, $1) }
        if result != 0 {
            guard errno == EINPROGRESS else {
                close(fd)
                return nil
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard poll(&descriptor, 1, timeoutMillis) == 1,
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length) == 0, socketError == 0
            else {
                close(fd)
                return nil
            }
        }
        _ = fcntl(fd, F_SETFL, flags)
        return fd
    }
}
