import Foundation
import KafkaClient
import Testing

/// `kafkalab mirror` as a separate process between two real clusters (ZooKeeper + one broker each): what it
/// copies, how fast it notices new topics and partitions, and that a `kill -9` of the mirror loses nothing.
extension IntegrationSuite {
    @Suite struct MirrorAgainstBrokersTests {
        static let group = "it-mirror"

        static func mirrorArguments(_ extra: [String] = []) -> [String] {
            ["--topics", #"mirrored\..*"#, "--group", group, "--commit-interval-ms", "500", "-X", "log_level=3"]
                + extra
        }

        /// Every partition of `topic` on both sides, compared record by record (key, value, headers in order with
        /// duplicates and null values, timestamp, partition number).
        static func expectIdentical(_ pair: ClusterPair, topic: String, destinationTopic: String? = nil) async throws {
            let source = try await TopicReader.readAll(bootstrap: pair.sourceBootstrap, topic: topic)
            let destination = try await TopicReader.readAll(
                bootstrap: pair.destinationBootstrap, topic: destinationTopic ?? topic)
            #expect(Set(source.keys) == Set(destination.keys), "partitions of \(topic)")
            for (partition, sourceRecords) in source.sorted(by: { $0.key < $1.key }) {
                let expected = sourceRecords.map(RecordFacts.init)
                let copied = (destination[partition] ?? []).map(RecordFacts.init)
                #expect(copied.count == expected.count, "\(topic)-\(partition): record counts")
                let pairs = Array(zip(expected, copied))
                if let position = pairs.firstIndex(where: { $0.0 != $0.1 }) {
                    let (original, copy) = pairs[position]
                    Issue.record("\(topic)-\(partition) record \(position) differs:\n source \(original)\n copy   \(copy)")
                }
            }
        }

        @Test(.timeLimit(.minutes(3)))
        func headersKeysAndTimestampsAreCopiedRecordByRecord() async throws {
            try await withClusterPair("mirror-facts") { pair in
                let topic = "mirrored.facts"
                try await pair.createSourceTopic(topic, partitions: 3)
                let producer = try AcknowledgingProducer(bootstrap: pair.sourceBootstrap, topic: topic, expected: 600)
                for index in 0..<600 { try await producer.produce(index, partition: Int32(index % 3)) }
                let acknowledged = try await producer.finish()
                try #require(acknowledged.count == 600)

                try await withMirror(
                    source: pair.sourceBootstrap, destination: pair.destinationBootstrap,
                    arguments: Self.mirrorArguments(), directory: pair.directory
                ) { mirror in
                    _ = try await timeUntil("600 records on the destination", timeout: .seconds(90)) {
                        await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic) >= 600
                    }
                    try await Self.expectIdentical(pair, topic: topic)
                    #expect(await mirror.stop() == 0, "a drained stop exits 0")
                    let output = mirror.outputTail(bytes: 100_000)
                    #expect(output.contains("\(topic)-0"), "the exit summary lists each partition:\n\(output)")
                }
            }
        }

        @Test(.timeLimit(.minutes(3)))
        func newTopicsAndAddedPartitionsAreMirroredWithinTenSeconds() async throws {
            try await withClusterPair("mirror-discovery") { pair in
                try await pair.createSourceTopic("mirrored.first", partitions: 2)
                try await pair.createSourceTopic("unrelated", partitions: 1)
                let early = try AcknowledgingProducer(
                    bootstrap: pair.sourceBootstrap, topic: "mirrored.first", expected: 20)
                for index in 0..<20 { try await early.produce(index, partition: Int32(index % 2)) }
                #expect(try await early.finish().count == 20)
                let unrelated = try AcknowledgingProducer(bootstrap: pair.sourceBootstrap, topic: "unrelated", expected: 5)
                for index in 0..<5 { try await unrelated.produce(index, partition: 0) }
                #expect(try await unrelated.finish().count == 5)

                // The default metadata interval (3 s): the 10 s promise is about the mirror as users run it.
                try await withMirror(
                    source: pair.sourceBootstrap, destination: pair.destinationBootstrap,
                    arguments: Self.mirrorArguments(), directory: pair.directory
                ) { mirror in
                    _ = try await timeUntil("mirrored.first on the destination", timeout: .seconds(90)) {
                        await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: "mirrored.first") >= 20
                    }

                    // A new matching topic, written right after it was created.
                    try await pair.createSourceTopic("mirrored.second", partitions: 3)
                    let created = ContinuousClock.now
                    let second = try AcknowledgingProducer(
                        bootstrap: pair.sourceBootstrap, topic: "mirrored.second", expected: 30)
                    for index in 0..<30 { try await second.produce(index, partition: Int32(index % 3)) }
                    #expect(try await second.finish().count == 30)
                    _ = try await timeUntil("mirrored.second copied", timeout: .seconds(30)) {
                        await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: "mirrored.second") >= 30
                    }
                    let newTopicSeconds = Self.seconds(ContinuousClock.now - created)
                    print("[mirror-it] new topic mirrored \(newTopicSeconds) s after its creation")
                    #expect(newTopicSeconds <= 10, "new topic took \(newTopicSeconds) s\n\(mirror.outputTail())")

                    // Added partitions of a mirrored topic, written right after they exist.
                    try await pair.growSourceTopic("mirrored.first", to: 4)
                    let grown = ContinuousClock.now
                    let later = try AcknowledgingProducer(
                        bootstrap: pair.sourceBootstrap, topic: "mirrored.first", expected: 40)
                    for index in 100..<140 { try await later.produce(index, partition: Int32(2 + index % 2)) }
                    #expect(try await later.finish().count == 40)
                    _ = try await timeUntil("records of the new partitions copied", timeout: .seconds(30)) {
                        let high = await TopicReader.highWatermarks(
                            bootstrap: pair.destinationBootstrap, topic: "mirrored.first")
                        return high[2, default: 0] + high[3, default: 0] >= 40
                    }
                    let growthSeconds = Self.seconds(ContinuousClock.now - grown)
                    print("[mirror-it] added partitions mirrored \(growthSeconds) s after the growth")
                    #expect(growthSeconds <= 10, "new partitions took \(growthSeconds) s\n\(mirror.outputTail())")

                    try await Self.expectIdentical(pair, topic: "mirrored.first")
                    try await Self.expectIdentical(pair, topic: "mirrored.second")
                    let destinationTopics = try await KafkaAdmin(
                        config: TopicReader.config(pair.destinationBootstrap), timeoutMillis: 10_000
                    ).listTopics()
                    #expect(!destinationTopics.contains("unrelated"), "\(destinationTopics)")
                }
            }
        }

        @Test(.timeLimit(.minutes(4)))
        func mirrorKilledMidStreamAndRestartedLosesNoAcknowledgedRecord() async throws {
            try await withClusterPair("mirror-kill") { pair in
                let topic = "mirrored.kill"
                let partitions: Int32 = 4
                let total = 8_000
                try await pair.createSourceTopic(topic, partitions: partitions)
                let producer = try AcknowledgingProducer(bootstrap: pair.sourceBootstrap, topic: topic, expected: total)
                // About 1,000 records/s, so the kill lands mid-stream with records in flight on both sides.
                let producing = Task {
                    for index in 0..<total {
                        try await producer.produce(index, partition: Int32(index) % partitions, valueSize: 200)
                        if index % 100 == 99 { try await Task.sleep(for: .milliseconds(100)) }
                    }
                    return try await producer.finish()
                }
                defer { producing.cancel() }

                let first = try MirrorProcess(
                    source: pair.sourceBootstrap, destination: pair.destinationBootstrap,
                    arguments: Self.mirrorArguments(), directory: pair.directory, name: "mirror-1")
                do {
                    _ = try await timeUntil("2000 records copied before the kill", timeout: .seconds(90)) {
                        await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic) >= 2_000
                    }
                } catch {
                    Issue.record("\(first.outputTail())")
                    await first.stop()
                    throw error
                }
                await first.killHard()
                let copiedAtKill = await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic)

                try await withMirror(
                    source: pair.sourceBootstrap, destination: pair.destinationBootstrap,
                    arguments: Self.mirrorArguments(), directory: pair.directory, name: "mirror-2"
                ) { second in
                    // The killed member still holds its partitions until its session expires (the mirror's default
                    // is 10 s); the restarted one must be copying again soon after that, not after librdkafka's 45 s.
                    let takeover = try await timeUntil("the restarted mirror copying", timeout: .seconds(60)) {
                        await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic) > copiedAtKill
                    }
                    print("[mirror-it] restarted mirror copying \(Self.seconds(takeover)) s after the restart")
                    #expect(takeover <= .seconds(25), "takeover took \(takeover)\n\(second.outputTail())")
                    let acknowledged = try await producing.value
                    try #require(acknowledged.count == total, "the source acknowledged only \(acknowledged.count)")
                    // The restarted member must take over once the killed one's session has expired.
                    let resumed = try await timeUntil("every record on the destination", timeout: .seconds(120)) {
                        await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic) >= Int64(total)
                    }
                    print("[mirror-it] killed at \(copiedAtKill) copied; everything copied \(resumed) later")

                    let copies = try await TopicReader.readAll(bootstrap: pair.destinationBootstrap, topic: topic)
                    var seen: [Int: Int] = [:]
                    var foreign = 0
                    var differing: [String] = []
                    for (_, records) in copies {
                        for record in records {
                            guard let index = MirroredRecords.index(of: record.value), (0..<total).contains(index) else {
                                foreign += 1
                                continue
                            }
                            seen[index, default: 0] += 1
                            let expectedHeaders = MirroredRecords.headers(index)
                            if record.headers != expectedHeaders || record.key != MirroredRecords.key(index)
                                || record.timestamp != MirroredRecords.timestampBase + Int64(index)
                                || record.partition != acknowledged[index]
                            {
                                differing.append(RecordFacts(record).description)
                            }
                        }
                    }
                    let missing = acknowledged.keys.filter { seen[$0] == nil }.sorted()
                    let duplicates = seen.values.reduce(0) { $0 + $1 - 1 }
                    print("[mirror-it] kill -9: \(total) acknowledged, \(missing.count) missing, \(duplicates) duplicates")
                    #expect(missing.isEmpty, "acknowledged records missing on the destination: \(missing.prefix(20))")
                    #expect(foreign == 0, "records on the destination that were never produced")
                    #expect(differing.isEmpty, "copies differing from their source: \(differing.prefix(5))")
                    #expect(await second.stop() == 0)

                    // A drained stop commits everything: a third run has nothing to copy.
                    let before = await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic)
                    let third = try MirrorProcess(
                        source: pair.sourceBootstrap, destination: pair.destinationBootstrap,
                        arguments: Self.mirrorArguments(["--duration", "8"]), directory: pair.directory,
                        name: "mirror-3")
                    _ = await eventually(timeout: .seconds(40)) { !third.isRunning }
                    await third.stop()
                    let after = await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic)
                    #expect(after == before, "a run after a drained stop re-copied \(after - before) records")
                }
            }
        }

        @Test(.timeLimit(.minutes(3)))
        func twoMirrorsInOneGroupSharePartitionsAndTheSurvivorTakesOver() async throws {
            try await withClusterPair("mirror-shared") { pair in
                let topic = "mirrored.shared"
                let partitions: Int32 = 4
                let total = 6_000
                try await pair.createSourceTopic(topic, partitions: partitions)
                let producer = try AcknowledgingProducer(bootstrap: pair.sourceBootstrap, topic: topic, expected: total)
                let producing = Task {
                    for index in 0..<total {
                        try await producer.produce(index, partition: Int32(index) % partitions, valueSize: 100)
                        if index % 100 == 99 { try await Task.sleep(for: .milliseconds(100)) }
                    }
                    return try await producer.finish()
                }
                defer { producing.cancel() }
                let first = try MirrorProcess(
                    source: pair.sourceBootstrap, destination: pair.destinationBootstrap,
                    arguments: Self.mirrorArguments(), directory: pair.directory, name: "mirror-a")
                do {
                    try await withMirror(
                        source: pair.sourceBootstrap, destination: pair.destinationBootstrap,
                        arguments: Self.mirrorArguments(), directory: pair.directory, name: "mirror-b"
                    ) { second in
                        _ = try await timeUntil("both mirrors holding partitions", timeout: .seconds(60)) {
                            let a = first.assignedPartitions() ?? 0
                            let b = second.assignedPartitions() ?? 0
                            return a > 0 && b > 0 && a + b == Int(partitions)
                        }
                        await first.killHard()
                        let takeover = try await timeUntil("the survivor holding every partition", timeout: .seconds(60)) {
                            second.assignedPartitions() == Int(partitions)
                        }
                        print("[mirror-it] survivor took over all partitions \(Self.seconds(takeover)) s after the kill")
                        let acknowledged = try await producing.value
                        try #require(acknowledged.count == total)
                        _ = try await timeUntil("every record on the destination", timeout: .seconds(90)) {
                            await TopicReader.recordCount(bootstrap: pair.destinationBootstrap, topic: topic) >= Int64(total)
                        }
                        let copies = try await TopicReader.readAll(bootstrap: pair.destinationBootstrap, topic: topic)
                        let seen = Set(copies.values.joined().compactMap { MirroredRecords.index(of: $0.value) })
                        let missing = acknowledged.keys.filter { !seen.contains($0) }
                        #expect(missing.isEmpty, "missing after the takeover: \(missing.sorted().prefix(20))")
                        #expect(await second.stop() == 0)
                    }
                } catch {
                    Issue.record("\(first.outputTail())")
                    await first.stop()
                    throw error
                }
                await first.stop()
            }
        }

        /// Seconds, to a tenth.
        static func seconds(_ duration: Duration) -> Double {
            let exact = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return (exact * 10).rounded() / 10
        }
    }
}
