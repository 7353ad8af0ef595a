import KafkaWire
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sends of a segment file's bytes in progress: how far each reaches, and what stops it.
struct SegmentSends {
    fileprivate var nextId: UInt64 = 0
    fileprivate var active: [UInt64: (end: Int64, abort: @Sendable () -> Void)] = [:]
}

extension SegmentFile {
    /// Starts a send of [position, position + count): a descriptor of its own (`dup`), so the send outlives neither
    /// this file's nor a concurrent send's handle, and a registration that a truncation below the region's end
    /// answers by calling `onTruncation` (sendfile would otherwise find too few bytes and the answer would be short
    /// of what its length prefix announced). Throws if the file is already shorter than the region.
    func beginSend(
        position: Int64, count: Int, onTruncation: @escaping @Sendable () -> Void
    ) throws(LogError) -> FileRecordsSend {
        let end = position + Int64(count)
        let id = sends.withLock { sends -> UInt64 in
            sends.nextId &+= 1
            sends.active[sends.nextId] = (end, onTruncation)
            return sends.nextId
        }
        // Checked after registering: a truncation from here on calls `onTruncation`; one before shows in the size.
        let size: Int64
        do { size = try self.size() } catch {
            endSend(id)
            throw error
        }
        guard size >= end else {
            endSend(id)
            throw .kafkaStorageError("\(path) was cut to \(size) bytes before \(count) bytes at \(position) were sent")
        }
        let copy = dup(descriptor.rawValue)
        guard copy >= 0 else {
            endSend(id)
            throw .kafkaStorageError("dup \(path): errno \(errno)")
        }
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: copy)
        let region = FileRegion(fileHandle: handle, readerIndex: Int(position), endIndex: Int(end))
        return FileRecordsSend(region: region) { self.endSend(id) }
    }

    private func endSend(_ id: UInt64) {
        _ = sends.withLock { $0.active.removeValue(forKey: id) }
    }

    /// Stops the sends that reach beyond `size`, before the file is cut there.
    func abortSends(beyond size: Int64) {
        let aborts = sends.withLock { sends in sends.active.values.filter { $0.end > size }.map(\.abort) }
        for abort in aborts { abort() }
    }
}

/// Whole batches of a segment file, to be sent from the file.
final class SegmentRecords: FileBackedRecords {
    let file: SegmentFile
    let position: Int64
    let byteCount: Int

    init(file: SegmentFile, position: Int64, byteCount: Int) {
        self.file = file
        self.position = position
        self.byteCount = byteCount
    }

    func beginSend(onTruncation: @escaping @Sendable () -> Void) throws -> FileRecordsSend {
        try file.beginSend(position: position, count: byteCount, onTruncation: onTruncation)
    }

    func readBytes() throws -> ByteBuffer {
        let bytes = try file.read(at: position, count: byteCount)
        guard bytes.readableBytes == byteCount else {
            throw LogError.kafkaStorageError("\(file.path): \(byteCount) bytes at \(position) are no longer there")
        }
        return bytes
    }
}
