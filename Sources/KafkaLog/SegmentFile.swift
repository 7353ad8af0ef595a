import NIOCore
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open data file, read with `pread` and written with `pwrite`. Sendable and reference-counted: a reader
/// that captured a segment's file under the log lock can finish its `pread` outside the lock even if
/// retention unlinks the file meanwhile; the descriptor closes when the last holder lets go, so a closed
/// descriptor number is never reused under a reader.
final class SegmentFile: Sendable {
    let path: String
    let descriptor: SystemPackage.FileDescriptor
    /// Sends of this file's bytes in progress (`sendfile`), so a truncation can stop those it cuts short.
    let sends = Mutex(SegmentSends())
    /// Blocks allocated ahead of appends (see `SegmentAllocation`).
    private let allocation = Mutex(SegmentAllocation())

    private init(path: String, descriptor: SystemPackage.FileDescriptor) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        try? self.descriptor.close()
    }

    static func open(_ path: String, create: Bool) throws(LogError) -> SegmentFile {
        do {
            let descriptor = try SystemPackage.FileDescriptor.open(
                SystemPackage.FilePath(path),
                .readWrite,
                options: create ? [.create] : [],
                permissions: [.ownerReadWrite, .groupRead, .otherRead]
            )
            return SegmentFile(path: path, descriptor: descriptor)
        } catch {
            throw .kafkaStorageError("open \(path): \(error)")
        }
    }

    /// Current file size.
    func size() throws(LogError) -> Int64 {
        do {
            return try self.descriptor.seek(offset: 0, from: .end)
        } catch {
            throw .kafkaStorageError("size of \(self.path): \(error)")
        }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at end of file.
    func read(at offset: Int64, count: Int) throws(LogError) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        guard count > 0 else { return buffer }
        do {
            while buffer.readableBytes < count {
                let want = count - buffer.readableBytes
                let position = offset + Int64(buffer.readableBytes)
                let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { pointer in
                    try self.descriptor.read(
                        fromAbsoluteOffset: position,
                        into: UnsafeMutableRawBufferPointer(rebasing: pointer[0..<want])
                    )
                }
                if got == 0 { break }
            }
        } catch {
            throw .kafkaStorageError("read \(self.path) at \(offset): \(error)")
        }
        return buffer
    }

    /// Writes all readable bytes of `buffer` at `offset`.
    func write(_ buffer: ByteBuffer, at offset: Int64) throws(LogError) {
        do {
            var written = 0
            let total = buffer.readableBytes
            while written < total {
                let done = written
                let count = try buffer.withUnsafeReadableBytes { pointer in
                    try self.descriptor.write(
                        toAbsoluteOffset: offset + Int64(done),
                        UnsafeRawBufferPointer(rebasing: pointer[done..<total])
                    )
                }
                written += count
            }
        } catch {
            throw .kafkaStorageError("write \(self.path) at \(offset): \(error)")
        }
    }

    /// Writes the readable bytes of `pieces` one after the other, starting at `offset`.
    func write(_ pieces: [ByteBuffer], at offset: Int64) throws(LogError) {
        var position = offset
        for piece in pieces {
            try self.write(piece, at: position)
            position += Int64(piece.readableBytes)
        }
    }

    func truncate(to size: Int64) throws(LogError) {
        abortSends(beyond: size)
        do {
            try self.descriptor.resize(to: size)
        } catch {
            throw .kafkaStorageError("truncate \(self.path) to \(size): \(error)")
        }
        self.allocation.withLock { $0.noteTruncated(to: size) }
    }

    /// Before appending bytes up to `end`: allocates the blocks, and up to `maximumAhead` more within `limit`.
    func allocate(through end: Int64, limit: Int64, maximumAhead: Int64) {
        let descriptor = self.descriptor.rawValue
        self.allocation.withLock {
            $0.allocate(through: end, limit: limit, maximumAhead: maximumAhead, descriptor: descriptor)
        }
    }

    /// Gives back the blocks allocated past `size` (the file's end) once the file will not grow any more.
    func releaseUnusedAllocation(size: Int64) throws(LogError) {
        guard self.allocation.withLock({ $0.hasUnusedBlocks(pastSize: size) }) else { return }
        try self.truncate(to: size)  // same size: ext4 and XFS free the blocks past the end
    }

    /// fsync: only on roll, flush and close; appends rely on the page cache like Kafka.
    func sync() throws(LogError) {
        if fsync(self.descriptor.rawValue) != 0 {
            throw .kafkaStorageError("fsync \(self.path): errno \(errno)")
        }
    }
}
