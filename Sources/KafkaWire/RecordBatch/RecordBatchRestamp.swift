import NIOCore

/// The leader's stamp on a batch it appends: the offset it assigns and its leader epoch.
public struct BatchStamp: Sendable, Equatable {
    /// Where the batch starts in the buffer (absolute index).
    public var index: Int
    public var baseOffset: Int64
    public var leaderEpoch: Int32

    public init(index: Int, baseOffset: Int64, leaderEpoch: Int32) {
        self.index = index
        self.baseOffset = baseOffset
        self.leaderEpoch = leaderEpoch
    }
}

extension RecordBatchRewriter {
    /// Below this, a batch's bytes are copied next to its new header rather than written as their own buffer.
    static let minimumSlicedBytes = 4096

    /// The batches of `buffer` with the stamps applied, as buffers to write one after the other, without editing
    /// `buffer`. BaseOffset, Length and PartitionLeaderEpoch (the first 16 bytes, all outside the CRC) are written
    /// anew; a large batch's remaining bytes stay a slice of `buffer`. Editing `buffer` in place would copy all of
    /// it, since the request it came in still holds the same storage. Batches must be contiguous, in buffer order.
    public static func stamped(_ buffer: ByteBuffer, _ stamps: [BatchStamp]) -> [ByteBuffer] {
        var pieces: [ByteBuffer] = []
        var small = ByteBuffer()
        for (position, stamp) in stamps.enumerated() {
            let end = position + 1 < stamps.count ? stamps[position + 1].index : buffer.writerIndex
            let restStart = stamp.index + RecordBatchLayout.magic
            guard let header = buffer.getSlice(at: stamp.index, length: RecordBatchLayout.magic),
                let rest = buffer.getSlice(at: restStart, length: end - restStart)
            else { continue }  // cannot happen for a validated batch; writing nothing beats writing garbage
            let headerIndex = small.writerIndex
            small.writeImmutableBuffer(header)
            setBaseOffset(stamp.baseOffset, in: &small, at: headerIndex)
            setPartitionLeaderEpoch(stamp.leaderEpoch, in: &small, at: headerIndex)
            if rest.readableBytes < minimumSlicedBytes {
                small.writeImmutableBuffer(rest)
            } else {
                pieces.append(small)
                pieces.append(rest)
                small = ByteBuffer()
            }
        }
        if small.readableBytes > 0 { pieces.append(small) }
        return pieces
    }
}
