import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Why a socket operation failed. `closed` is the expected answer of a broker to unparseable input.
enum SocketError: Error, Equatable, CustomStringConvertible {
    case connectFailed(port: Int, errno: Int32)
    case sendFailed(errno: Int32)
    case closed
    case timedOut(milliseconds: Int32)
    case absurdResponseSize(Int32)

    var description: String {
        switch self {
        case .connectFailed(let port, let code):
            "connect to 127.0.0.1:\(port) failed: \(String(cString: strerror(code)))"
        case .sendFailed(let code): "send failed: \(String(cString: strerror(code)))"
        case .closed: "connection closed by the broker"
        case .timedOut(let ms): "no complete response within \(ms) ms"
        case .absurdResponseSize(let size): "response frame declares \(size) bytes"
        }
    }
}

/// A blocking loopback TCP connection that speaks size-prefixed frames. Owned by one thread at a time; every wait is
/// bounded by `poll`, so a silent broker shows up as `timedOut` rather than a hung test.
final class BlockingSocket {
    private var fd: Int32
    private var inbox = ByteBuffer()

    init(port: Int, timeoutMillis: Int32 = 2000) throws(SocketError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connectFailed(port: port, errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .connectFailed(port: port, errno: code)
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // A send into a broker that stopped reading must not block forever either.
        var sendTimeout = timeval(tv_sec: Int(timeoutMillis / 1000), tv_usec: Int(timeoutMillis % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit {
        close()
    }

    /// Closes with a reset (linger 0): thousands of fuzz connections must not pile up in TIME_WAIT.
    func close() {
        guard fd >= 0 else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        Glibc.close(fd)
        fd = -1
    }

    func send(_ buffer: ByteBuffer) throws(SocketError) {
        try send(Array(buffer.readableBytesView))
    }

    func send(_ bytes: [UInt8]) throws(SocketError) {
        guard fd >= 0 else { throw .closed }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EPIPE || errno == ECONNRESET) {
                throw .closed
            } else {
                throw .sendFailed(errno: sent < 0 ? errno : 0)
            }
        }
    }

    /// The next response frame's payload (without its size prefix).
    func readFrame(timeoutMillis: Int32 = 5000, maxBytes: Int32 = 256 << 20) throws(SocketError) -> ByteBuffer {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMillis))
        while true {
            if let size = inbox.getInteger(at: inbox.readerIndex, as: Int32.self) {
                guard size >= 0, size <= maxBytes else { throw .absurdResponseSize(size) }
                if inbox.readableBytes >= 4 + Int(size) {
                    inbox.moveReaderIndex(forwardBy: 4)
                    if let frame = inbox.readSlice(length: Int(size)) {
                        inbox.discardReadBytes()
                        return frame
                    }
                }
            }
            let remaining = deadline - ContinuousClock.now
            let waitMillis = Int32(
                max(
                    0,
                    remaining.components.seconds * 1000
                        + remaining.components.attoseconds / 1_000_000_000_000_000))
            guard waitMillis > 0 else { throw .timedOut(milliseconds: timeoutMillis) }
            try receive(waitMillis: waitMillis)
        }
    }

    private func receive(waitMillis: Int32) throws(SocketError) {
        guard fd >= 0 else { throw .closed }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, waitMillis)
        if ready == 0 { return }
        if ready < 0 {
            if errno == EINTR { return }
            throw .closed
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            inbox.writeBytes(chunk[0..<count])
        } else if count < 0 && errno == EINTR {
            return
        } else {
            throw .closed
        }
    }
}
