#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loopback TCP ports chosen at run time, so that tests and clusters never collide on fixed numbers.
public enum FreePort {
    /// `count` distinct ports the kernel considers free now: each is bound to port 0 (all held open until
    /// every port is known, so they differ), read back and released. Another process could still grab one
    /// before it is used; that race is accepted for a lab.
    public static func allocate(count: Int = 1) throws -> [Int] {
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        var ports: [Int] = []
        for _ in 0..<max(0, count) {
            let fd = socket(AF_INET, streamSocketType, 0)
            guard fd >= 0 else { throw LabError.io(path: "socket", reason: errnoDescription(errno)) }
            sockets.append(fd)
            let bound = withSocketAddress(loopbackAddress(port: 0)) { bind(fd, $0, $1) }
            guard bound == 0 else { throw LabError.io(path: "bind 127.0.0.1:0", reason: errnoDescription(errno)) }
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0 else { throw LabError.io(path: "getsockname", reason: errnoDescription(errno)) }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    /// Whether a listener could bind 127.0.0.1:`port` now (false when something listens there, on loopback or
    /// on all addresses).
    public static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, streamSocketType, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var reuse: Int32 = 1
        // Like the servers that will bind it: a port in TIME_WAIT counts as free.
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        return withSocketAddress(loopbackAddress(port: port)) { bind(fd, $0, $1) } == 0
    }
}
