import KafkaWire
import SeededRandom

/// Frames that are not damaged requests but hostile framing: random bytes, keys and versions the broker does not
/// serve, and size prefixes that lie.
enum HostileFrames {
    /// API keys the broker does not serve (it serves 0-3, 8-16, 18-23, 32, 37), plus a few that do not exist.
    static let unservedKeys: [Int16] = [4, 5, 6, 7, 17, 24, 27, 29, 33, 36, 42, 50, 60, 75, 87, 88, 200, -1, Int16.max]
    static let servedKeys: [APIKey] = [
        .produce, .fetch, .listOffsets, .metadata, .offsetCommit, .offsetFetch, .findCoordinator, .joinGroup,
        .heartbeat, .leaveGroup, .syncGroup, .describeGroups, .listGroups, .apiVersions, .createTopics,
        .deleteTopics, .deleteRecords, .initProducerId, .offsetForLeaderEpoch, .describeConfigs, .createPartitions,
    ]

    static func randomBytes(correlationId: Int32, using rng: inout SeededGenerator) -> FuzzFrame {
        var frame = FuzzFrame(
            bytes: [0, 0, 0, 0] + rng.bytes(Int.random(in: 0...160, using: &rng)),
            correlationId: correlationId, checkResponse: nil, expectsResponse: true, label: "random bytes")
        frame.fixSizePrefix()
        return frame
    }

    /// A v1 header (key, version, correlation id, client id) for an unserved key, or for a served key at a
    /// version it does not serve, followed by random bytes.
    static func unknownKeyOrVersion(correlationId: Int32, using rng: inout SeededGenerator) -> FuzzFrame {
        let key: Int16
        let version: Int16
        if rng.chance(0.5) {
            key = unservedKeys.randomElement(using: &rng) ?? 4
            version = Int16.random(in: -1...12, using: &rng)
        } else {
            key = (servedKeys.randomElement(using: &rng) ?? .metadata).rawValue
            version =
                rng.chance(0.5)
                ? Int16.random(in: 40...Int16.max, using: &rng)
                : Int16.random(
                    in: Int16.min...(-1),
                    using: &rng)
        }
        var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4]
        FuzzFrame.writeInt16(key, into: &bytes, at: 4)
        FuzzFrame.writeInt16(version, into: &bytes, at: 6)
        FuzzFrame.writeInt32(correlationId, into: &bytes, at: 8)
        bytes += Array("fuzz".utf8) + rng.bytes(Int.random(in: 0...32, using: &rng))
        var frame = FuzzFrame(
            bytes: bytes, correlationId: correlationId, checkResponse: nil, expectsResponse: true,
            label: "key \(key) v\(version)")
        frame.fixSizePrefix()
        return frame
    }

    /// A frame whose size prefix is negative, above socket.request.max.bytes, or larger than the bytes that
    /// follow. Always the last frame on its connection: the stream cannot be resynchronised after it.
    static func sizeLie(correlationId: Int32, maxRequestBytes: Int32, using rng: inout SeededGenerator) -> FuzzFrame {
        let body = rng.bytes(Int.random(in: 0...64, using: &rng))
        let size: Int32
        let label: String
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            size = [-1, Int32.min, -4096].randomElement(using: &rng) ?? -1
            label = "negative size \(size)"
        case 1:
            size = Int32.random(in: (maxRequestBytes + 1)...Int32.max, using: &rng)
            label = "size \(size) > socket.request.max.bytes"
        default:
            size = Int32(body.count) + Int32.random(in: 1...100_000, using: &rng)
            label = "size \(size) but \(body.count) bytes sent"
        }
        var bytes: [UInt8] = [0, 0, 0, 0] + body
        FuzzFrame.writeInt32(size, into: &bytes, at: 0)
        return FuzzFrame(
            bytes: bytes, correlationId: correlationId, checkResponse: nil, expectsResponse: false,
            label: label)
    }
}
