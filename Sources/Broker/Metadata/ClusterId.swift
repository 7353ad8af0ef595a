import Foundation
import ZooKeeper

/// `/cluster/id`: `{"version":"1","id":"<22 characters>"}`, written once by whichever broker starts first.
enum ClusterId {
    private struct Record: Codable {
        var version = "1"
        var id: String
    }

    static let path = "/cluster/id"

    static func readOrCreate(_ zooKeeper: ZooKeeperClient) async throws -> String {
        if let (data, _) = try? await zooKeeper.getData(path), let record = try? ZooKeeperRecords.decode(Record.self, from: data) {
            return record.id
        }
        // Kafka's ids are 16 random bytes in URL-safe base64 without padding.
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let id = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        try await zooKeeper.ensurePath("/cluster")
        do {
            _ = try await zooKeeper.create(path, data: ZooKeeperRecords.encode(Record(id: id)))
            return id
        } catch ZooKeeperError.nodeExists {
            let (data, _) = try await zooKeeper.getData(path)
            return try ZooKeeperRecords.decode(Record.self, from: data).id
        }
    }
}
