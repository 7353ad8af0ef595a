import Foundation
import Synchronization
import ZooKeeper

/// Hands out producer ids that are unique across the cluster, in blocks claimed from ZooKeeper's
/// `/latest_producer_id_block` with a conditional update, as Kafka does.
final class ProducerIdAllocator: Sendable {
    static let path = "/latest_producer_id_block"
    static let blockSize: Int64 = 1000

    private struct Block: Codable {
        var version = 1
        var broker: Int32
        var blockStart: String
        var blockEnd: String

        enum CodingKeys: String, CodingKey {
            case version, broker
            case blockStart = "block_start"
            case blockEnd = "block_end"
        }
    }

    private let zooKeeper: ZooKeeperClient
    private let brokerId: Int32
    /// Next id to hand out and the end of the claimed block (inclusive).
    private let range = Mutex<(next: Int64, end: Int64)>((0, -1))

    init(zooKeeper: ZooKeeperClient, brokerId: Int32) {
        self.zooKeeper = zooKeeper
        self.brokerId = brokerId
    }

    func next() async throws -> Int64 {
        while true {
            let id = range.withLock { range -> Int64? in
                guard range.next <= range.end else { return nil }
                defer { range.next += 1 }
                return range.next
            }
            if let id { return id }
            let block = try await claimBlock()
            range.withLock { $0 = (block.lowerBound, block.upperBound) }
        }
    }

    private func claimBlock() async throws -> ClosedRange<Int64> {
        while true {
            do {
                let (data, stat) = try await zooKeeper.getData(Self.path)
                let previous = try? ZooKeeperRecords.decode(Block.self, from: data)
                let start = (previous.flatMap { Int64($0.blockEnd) } ?? -1) + 1
                let block = Block(broker: brokerId, blockStart: String(start), blockEnd: String(start + Self.blockSize - 1))
                _ = try await zooKeeper.setData(Self.path, data: ZooKeeperRecords.encode(block), version: stat.version)
                return start...(start + Self.blockSize - 1)
            } catch ZooKeeperError.noNode {
                let block = Block(broker: brokerId, blockStart: "0", blockEnd: String(Self.blockSize - 1))
                do {
                    _ = try await zooKeeper.create(Self.path, data: ZooKeeperRecords.encode(block))
                    return 0...(Self.blockSize - 1)
                } catch ZooKeeperError.nodeExists { continue }
            } catch ZooKeeperError.badVersion {
                continue
            }
        }
    }
}
