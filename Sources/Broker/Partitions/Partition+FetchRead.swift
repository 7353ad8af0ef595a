import KafkaLog
import KafkaWire
import NIOCore

/// What a fetch read found: bytes in memory, or a record set large enough to be sent from its segment file.
enum FetchedRecords {
    case bytes(ByteBuffer)
    case inFile(RecordsInFile)

    var byteCount: Int {
        switch self {
        case .bytes(let bytes): bytes.readableBytes
        case .inFile(let records): records.byteCount
        }
    }
}

extension Partition {
    /// Reads for a fetch, up to the high watermark (consumers) or the log end (followers). Record sets of
    /// `RecordSplices.minimumBytes` or more stay in the file and are sent from it (`sendfile`); below that, the few
    /// pages are cheaper copied than given a descriptor and a send of their own.
    func fetchRecords(from offset: Int64, maxBytes: Int, forFollower: Bool) throws(PartitionError) -> FetchedRecords {
        let limit = forFollower ? Int64.max : log.highWatermark
        let found: (any FileBackedRecords)?
        do { found = try log.readInFile(from: offset, maxBytes: maxBytes, upTo: limit) } catch {
            throw PartitionError(ErrorCode(rawValue: error.kafkaErrorCode), "\(error)")
        }
        guard let found else { return .bytes(ByteBuffer()) }
        if found.byteCount >= RecordSplices.minimumBytes { return .inFile(RecordsInFile(found)) }
        do { return .bytes(try found.readBytes()) } catch {
            throw PartitionError(.kafkaStorageError, "\(error)")
        }
    }
}
