import CZooKeeper

/// A znode's metadata, as the server reports it with every read and write.
public struct ZNodeStat: Sendable, Hashable {
    /// Transaction id that created the znode.
    public var czxid: Int64
    /// Transaction id that last modified the znode's data.
    public var mzxid: Int64
    /// Creation time, milliseconds since the epoch.
    public var ctime: Int64
    /// Last modification time, milliseconds since the epoch.
    public var mtime: Int64
    /// Data version: the value to pass to a conditional `setData`/`delete`.
    public var version: Int32
    /// Children version.
    public var cversion: Int32
    /// ACL version.
    public var aversion: Int32
    /// Session id of the owner if the znode is ephemeral, otherwise 0.
    public var ephemeralOwner: Int64
    public var dataLength: Int32
    public var numChildren: Int32
    /// Transaction id that last modified the children.
    public var pzxid: Int64

    public var isEphemeral: Bool { ephemeralOwner != 0 }

    init(_ stat: CZooKeeper.Stat) {
        czxid = stat.czxid
        mzxid = stat.mzxid
        ctime = stat.ctime
        mtime = stat.mtime
        version = stat.version
        cversion = stat.cversion
        aversion = stat.aversion
        ephemeralOwner = stat.ephemeralOwner
        dataLength = stat.dataLength
        numChildren = stat.numChildren
        pzxid = stat.pzxid
    }

    init?(_ pointer: UnsafePointer<CZooKeeper.Stat>?) {
        guard let pointer else { return nil }
        self.init(pointer.pointee)
    }
}

/// The name the brief uses; `ZNodeStat` avoids clashing with the C client's `struct Stat`.
public typealias Stat = ZNodeStat
