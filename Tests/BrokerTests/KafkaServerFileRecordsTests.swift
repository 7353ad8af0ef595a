import Foundation
import KafkaLog
import KafkaWire
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Broker

/// Fetch answers whose record sets are sent from the segment file (`sendfile`), over a real socket: the client gets
/// exactly the bytes a copy would have carried, and a record set cut short before it could be sent closes the
/// connection instead of sending a frame shorter than its size.
@Suite struct KafkaServerFileRecordsTests {
    /// A log of a few hundred KiB in one segment, large enough for its record sets to be sent from the file.
    private static func filledLog(_ directory: String) throws -> PartitionLog {
        let log = try PartitionLog.open(directory: directory + "/t-0", config: LogConfig(), logger: Logger(label: "test"))
        for round in 0..<40 {
            var builder = RecordBatchBuilder()
            for index in 0..<20 {
                builder.append(key: "k", value: "r\(round)-\(index)-" + String(repeating: "x", count: 500), timestamp: 1)
            }
            _ = try log.append(try #require(builder.build()), leaderEpoch: 0, nowMs: 0)
        }
        return log
    }

    /// Serves one fetch whose answer `respond` builds; returns the answer as the client decoded it, or nil when the
    /// server closed the connection without answering.
    private func fetchOnce(respond: @escaping @Sendable () throws -> FetchResponse) async throws -> FetchResponse? {
        let handler = RegisteredHandler.typed(FetchRequest.self) { _, _ in try respond() }
        let server = KafkaServer(maxFrameBytes: 8 << 20, maxInFlightRequests: 1, logger: Logger(label: "test"))
        let listener = try await server.bind(host: "127.0.0.1", port: 0, group: MultiThreadedEventLoopGroup.singleton)
        let port = try #require(listener.channel.localAddress?.port)
        let router = RequestRouter(handlers: [handler], logger: Logger(label: "test"))
        let serving = Task { await server.serve(listener, router: router) }
        defer { serving.cancel() }
        let client = try await connectFramedTestClient(port: port, maxFrameBytes: 8 << 20)
        return try await client.executeThenClose { inbound, outbound in
            let request = FetchRequest(topics: [.init(topic: "t", partitions: [.init(partition: 0)])])
            try await outbound.write(encodeRequestFrame(request, version: 11, correlationId: 5, clientId: "t"))
            // A connection the server closed ends the stream, or fails it (reset): either way, no answer.
            do {
                for try await payload in inbound {
                    let (correlationId, response) = try decodeResponseBody(FetchRequest.self, version: 11, from: payload)
                    #expect(correlationId == 5)
                    return response
                }
            } catch let error as WireError {
                throw error  // an answer that arrived but does not decode is a failure, not "no answer"
            } catch {}
            return nil
        }
    }

    @Test func aRecordSetSentFromTheFileArrivesByteForByte() async throws {
        let directory = NSTemporaryDirectory() + "kafkalab-sendfile-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try Self.filledLog(directory)
        defer { try? log.close() }
        let inMemory = try log.read(from: 0, maxBytes: 1 << 30, upTo: Int64.max)
        let inFile = try #require(try log.readInFile(from: 0, maxBytes: 1 << 30, upTo: Int64.max))
        #expect(inFile.byteCount > 200_000)
        let answer = try await fetchOnce {
            var partition = FetchResponse.PartitionData(partitionIndex: 0, highWatermark: log.logEndOffset)
            partition.recordsInFile = RecordsInFile(inFile)
            return FetchResponse(responses: [.init(topic: "t", partitions: [partition])])
        }
        let received = try #require(answer?.responses.first?.partitions.first)
        #expect(received.highWatermark == log.logEndOffset)
        #expect(received.records == inMemory)
    }

    @Test func aRecordSetCutBeforeItCouldBeSentClosesTheConnection() async throws {
        let directory = NSTemporaryDirectory() + "kafkalab-sendfile-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try Self.filledLog(directory)
        defer { try? log.close() }
        let answer = try await fetchOnce {
            let inFile = try #require(try log.readInFile(from: 0, maxBytes: 1 << 30, upTo: Int64.max))
            try log.truncate(to: 10)
            var partition = FetchResponse.PartitionData(partitionIndex: 0)
            partition.recordsInFile = RecordsInFile(inFile)
            return FetchResponse(responses: [.init(topic: "t", partitions: [partition])])
        }
        #expect(answer == nil)
    }
}
