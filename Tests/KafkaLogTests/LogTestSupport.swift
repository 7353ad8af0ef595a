import Foundation
import KafkaLog
import KafkaWire
import Logging
import NIOCore

/// A fresh temporary directory for one test, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "kafkalog-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

let testLogger = Logger(label: "kafkalog-test")

/// A batch of `count` records "v<first>".."v<first+count-1>" with timestamps `timestamp`, +1, ...
func makeBatch(
    count: Int = 1,
    first: Int = 0,
    timestamp: Int64 = 1_000,
    valueSize: Int = 0,
    producer: RecordBatchBuilder.Producer? = nil
) -> ByteBuffer {
    var builder = RecordBatchBuilder(producer: producer)
    for index in 0..<count {
        let padding = String(repeating: "x", count: valueSize)
        builder.append(key: "k", value: "v\(first + index)" + padding, timestamp: timestamp + Int64(index))
    }
    return builder.build() ?? ByteBuffer()
}

/// Values of all records in `buffer` as strings (padding removed).
func values(_ buffer: ByteBuffer) throws -> [String] {
    try RecordBatchDecoder.decodeRecords(in: buffer).map { record in
        String(buffer: record.value ?? ByteBuffer()).replacingOccurrences(of: "x", with: "")
    }
}

func offsets(_ buffer: ByteBuffer) throws -> [Int64] {
    try RecordBatchDecoder.decodeRecords(in: buffer).map(\.offset)
}

func segmentLogPath(_ directory: String, _ base: Int64) -> String {
    let digits = String(base)
    return directory + "/" + String(repeating: "0", count: 20 - digits.count) + digits + ".log"
}

func fileSize(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
}
