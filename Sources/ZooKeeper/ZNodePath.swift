/// Checks on znode paths, done before anything reaches the C client so that bad input gets a clear error.
enum ZNodePath {
    /// Throws `.invalidPath` unless `path` is absolute, has no empty, "." or ".." components, no trailing
    /// slash (except the root) and no control characters.
    static func validate(_ path: String) throws(ZooKeeperError) {
        guard path.hasPrefix("/") else { throw .invalidPath(path, reason: "it must start with '/'") }
        if path == "/" { return }
        guard !path.hasSuffix("/") else { throw .invalidPath(path, reason: "it must not end with '/'") }
        guard path.utf8.count <= 4096 else { throw .invalidPath(path, reason: "it is longer than 4096 bytes") }
        for component in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { throw .invalidPath(path, reason: "it contains an empty component ('//')") }
            if component == "." || component == ".." {
                throw .invalidPath(path, reason: "'.' and '..' are not allowed as components")
            }
        }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalidPath(path, reason: "it contains control characters")
        }
    }

    /// The ancestors of `path`, outermost first, excluding the root and `path` itself:
    /// "/a/b/c" → ["/a", "/a/b"].
    static func ancestors(of path: String) -> [String] {
        let components = path.split(separator: "/")
        guard components.count > 1 else { return [] }
        return (1..<components.count).map { "/" + components[0..<$0].joined(separator: "/") }
    }

    /// `parent` + "/" + `child`, without doubling the slash at the root.
    static func join(_ parent: String, _ child: String) -> String {
        parent == "/" ? "/" + child : parent + "/" + child
    }
}

/// "host:port,host:port/chroot" split into its server list and optional chroot.
struct ConnectString: Equatable {
    var servers: String
    /// nil when there is no chroot or it is "/".
    var chroot: String?

    init(_ text: String) throws(ZooKeeperError) {
        let servers: Substring
        if let slash = text.firstIndex(of: "/") {
            servers = text[..<slash]
            let chroot = String(text[slash...])
            do {
                try ZNodePath.validate(chroot)
            } catch {
                throw .invalidConnectString(text, reason: "bad chroot: \(error)")
            }
            self.chroot = chroot == "/" ? nil : chroot
        } else {
            servers = text[...]
            self.chroot = nil
        }
        guard !servers.isEmpty else { throw .invalidConnectString(text, reason: "no servers before the chroot") }
        for server in servers.split(separator: ",", omittingEmptySubsequences: false) {
            guard let colon = server.lastIndex(of: ":"), !server[..<colon].isEmpty,
                let port = Int(server[server.index(after: colon)...]), (1...65535).contains(port)
            else {
                throw .invalidConnectString(text, reason: "\(String(server).debugDescription) is not host:port")
            }
        }
        if servers.contains(where: { $0.isWhitespace || $0.asciiValue == nil }) {
            throw .invalidConnectString(text, reason: "it contains whitespace or non-ASCII characters")
        }
        self.servers = String(servers)
    }
}
