import ArgumentParser
import Foundation
import KafkaClient

/// `kafkalab produce`: a console producer, like kafka-console-producer.sh. One record per stdin line.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Send stdin lines as records (like kafka-console-producer.sh).",
        discussion: """
            Example:
              printf 'k1:hello\\nk2:world\\n' |
                kafkalab produce --bootstrap-server 127.0.0.1:9092 --topic T --key-separator :
            """)

    @Option(help: "Broker list, host:port[,host:port].") var bootstrapServer: String?
    @Option(help: "The topic.") var topic: String
    @Option(help: "Split each line into key and value at the first occurrence of this.") var keySeparator: String?
    @Option(help: "Send every record to this partition.") var partition: Int32?
    @OptionGroup var client: ClientOptions

    func validate() throws {
        if keySeparator?.isEmpty == true { throw ValidationError("--key-separator must not be empty") }
    }

    func run() async throws {
        let producer = try KafkaProducer(config: try client.config(bootstrap: bootstrapServer))
        let target = try producer.topic(topic)
        let failures = Task {
            var failed = 0
            for await batch in producer.deliveryReports {
                for report in batch {
                    guard let error = report.error else { continue }
                    failed += 1
                    printError("line \(report.tag): delivery failed: \(error)")
                }
            }
            return failed
        }
        let unparsable = await ConsoleInput.produceLines(
            producer: producer, topic: target, partition: partition, keySeparator: keySeparator)
        do {
            try await producer.flush()
        } catch {
            printError("flush: \(error)")
        }
        await producer.close()
        if await failures.value + unparsable > 0 { throw ExitCode(1) }
    }
}

/// Reads stdin on a dedicated thread (reads block) and enqueues each line; returns the number of bad lines.
enum ConsoleInput {
    static func produceLines(
        producer: KafkaProducer, topic: ProducerTopic, partition: Int32?, keySeparator: String?
    ) async -> Int {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var lineNumber: UInt64 = 0
                var bad = 0
                while let line = readLine(strippingNewline: true) {
                    lineNumber += 1
                    var key: [UInt8]?
                    var value = Array(line.utf8)
                    if let keySeparator {
                        guard let range = line.range(of: keySeparator) else {
                            printError("line \(lineNumber): no key separator '\(keySeparator)'; skipped")
                            bad += 1
                            continue
                        }
                        key = Array(line[..<range.lowerBound].utf8)
                        value = Array(line[range.upperBound...].utf8)
                    }
                    send(producer, topic, partition, key, value, tag: lineNumber, bad: &bad)
                }
                continuation.resume(returning: bad)
            }
            thread.start()
        }
    }

    private static func send(
        _ producer: KafkaProducer, _ topic: ProducerTopic, _ partition: Int32?, _ key: [UInt8]?, _ value: [UInt8],
        tag: UInt64, bad: inout Int
    ) {
        while true {
            do {
                try producer.produce(to: topic, partition: partition, key: key, value: value, tag: tag)
                return
            } catch  where error.isQueueFull {
                Thread.sleep(forTimeInterval: 0.001)
            } catch {
                printError("line \(tag): \(error)")
                bad += 1
                return
            }
        }
    }
}
