import Testing

@testable import Lab
@testable import ZooKeeper

/// Bad input gets a clear error before it reaches the C library; no server needed.
struct ZooKeeperInputTests {
    @Test(arguments: ["", "relative", "/trailing/", "//double", "/a//b", "/a/./b", "/a/../b", "/nul\u{0}byte",
        "/tab\there"])
    func invalidPathsAreRejected(path: String) {
        #expect(throws: ZooKeeperError.self) { try ZNodePath.validate(path) }
    }

    @Test func overlongPathIsRejected() {
        #expect(throws: ZooKeeperError.self) { try ZNodePath.validate("/" + String(repeating: "x", count: 5000)) }
    }

    @Test(arguments: ["/", "/a", "/a/b-c_d.e", "/brokers/ids/0", "/ünïcode"])
    func validPathsAreAccepted(path: String) throws {
        try ZNodePath.validate(path)
    }

    @Test func ancestorsAreOutermostFirst() {
        #expect(ZNodePath.ancestors(of: "/a/b/c") == ["/a", "/a/b"])
        #expect(ZNodePath.ancestors(of: "/a") == [])
        #expect(ZNodePath.join("/", "x") == "/x")
        #expect(ZNodePath.join("/a", "x") == "/a/x")
    }

    @Test func connectStringsSplitIntoServersAndChroot() throws {
        let plain = try ConnectString("127.0.0.1:2181")
        #expect(plain.servers == "127.0.0.1:2181")
        #expect(plain.chroot == nil)
        let chrooted = try ConnectString("127.0.0.1:2181,127.0.0.1:2182/kafkalab/lab1")
        #expect(chrooted.servers == "127.0.0.1:2181,127.0.0.1:2182")
        #expect(chrooted.chroot == "/kafkalab/lab1")
        #expect(try ConnectString("localhost:2181/").chroot == nil)
    }

    @Test(arguments: ["", "/chroot", "host", "host:", ":2181", "host:99999", "host:abc", "h:1,,h:2", "h:1/bad/",
        "h:1//x", "h o:1", "h:1,"])
    func malformedConnectStringsAreRejected(text: String) {
        #expect(throws: ZooKeeperError.self) { try ConnectString(text) }
    }

    @Test func malformedConnectStringFailsConnect() async {
        await #expect(throws: ZooKeeperError.self) { try await ZooKeeperClient.connect("not a connect string") }
    }

    @Test func errorsDescribeThemselves() {
        #expect("\(ZooKeeperError.noNode(path: "/x"))" == "znode /x does not exist")
        #expect("\(ZooKeeperError.badVersion(path: "/x"))".contains("version"))
        #expect(ZooKeeperError(code: -101, path: "/p") == .noNode(path: "/p"))
        #expect(ZooKeeperError(code: -112, path: "/p") == .sessionExpired)
        if case .other(let code, let message) = ZooKeeperError(code: -999, path: "/p") {
            #expect(code == -999)
            #expect(!message.isEmpty)
        } else {
            Issue.record("unknown codes must map to .other")
        }
    }
}
