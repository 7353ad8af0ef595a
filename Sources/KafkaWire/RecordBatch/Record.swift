import NIOCore

/// A record header: a string key and nullable bytes.
public struct RecordHeader: Sendable, Equatable {
    public var key: String
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }
}

/// One decoded record of an uncompressed batch, with its absolute offset and timestamp.
public struct Record: Sendable, Equatable {
    public var offset: Int64
    public var timestamp: Int64
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    public init(offset: Int64, timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = []) {
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }
}
