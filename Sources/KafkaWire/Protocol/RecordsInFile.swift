import NIOCore

/// A record set still in a log file, sent from the page cache to the socket (`sendfile`) when the answer is written
/// instead of being read into memory and copied out again, as Kafka's FileRecords are. A fetch answer to a follower
/// carries megabytes per partition: reading it costs a copy out of the page cache and another into the socket.
public protocol FileBackedRecords: AnyObject, Sendable {
    /// The record set's size: what the answer's length prefix announces.
    var byteCount: Int { get }
    /// Starts sending: a handle of its own on the file and the region to send. `onTruncation` runs if the file is cut
    /// below the region's end before the send is finished (the bytes announced can no longer all be sent; the
    /// caller closes the connection, as Kafka does). Throws if the file is already shorter than the region.
    func beginSend(onTruncation: @escaping @Sendable () -> Void) throws -> FileRecordsSend
    /// The bytes, read now (for callers that need them in memory).
    func readBytes() throws -> ByteBuffer
}

/// One send of a `FileBackedRecords` in progress; `finish()` must be called once its write completed or failed.
public struct FileRecordsSend: Sendable {
    public let region: FileRegion
    private let finished: @Sendable () -> Void

    public init(region: FileRegion, finished: @escaping @Sendable () -> Void) {
        self.region = region
        self.finished = finished
    }

    /// Closes the region's handle and stops watching for truncation.
    public func finish() {
        try? region.fileHandle.close()
        finished()
    }
}

/// A file-backed record set as a value of a message: equal when it is the same record set.
public struct RecordsInFile: Sendable, Equatable {
    public let records: any FileBackedRecords

    public init(_ records: any FileBackedRecords) {
        self.records = records
    }

    public var byteCount: Int { records.byteCount }

    public static func == (lhs: RecordsInFile, rhs: RecordsInFile) -> Bool {
        lhs.records === rhs.records
    }
}
