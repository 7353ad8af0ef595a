import Report

/// The topic faults: a mirrored topic grows partitions, and a new matching topic appears. Each returns a check that
/// waits (in the background) until the destination shows the change.
extension DemoFaultInjector {
    /// Grows the growing topic and writes to every partition; the returned check waits for the destination.
    func addPartitions() async -> @Sendable () async -> DemoCheck {
        let (before, after) = Self.growingPartitions
        let topic = DemoTopics.growing
        let added = 40
        do {
            try await topics.source.createPartitions(topic: topic, totalPartitions: after)
            timeline.record(.addPartitions, "\(topic) partitions \(before) -> \(after)")
            output("FAULT: \(topic) grows from \(before) to \(after) partitions; writing \(added) records to all")
            try await topics.waitForSourceLeaders(topic, partitions: after, timeout: .seconds(30))
            try await topics.write(added, to: topic, partitions: 0..<after)
        } catch {
            return { DemoCheck(kind: .addPartitions, passed: false, detail: "could not grow \(topic): \(error)") }
        }
        let records = Int64(Self.initialGrowingRecords + added)
        return { [topics] in
            guard let took = await topics.waitForMirrored(topic, partitions: after, records: records,
                timeout: .seconds(90))
            else {
                return DemoCheck(kind: .addPartitions, passed: false,
                    detail: "destination \(topic) did not reach \(after) partitions and \(records) records in 90 s")
            }
            return DemoCheck(kind: .addPartitions, passed: true,
                detail: "destination has \(after) partitions and all \(records) records, "
                    + "\(format1(took)) s after the records were acknowledged")
        }
    }

    /// Creates a new matching topic and writes to it; the returned check waits for it on the destination.
    func createTopic() async -> @Sendable () async -> DemoCheck {
        let topic = DemoTopics.created
        let count = 50
        do {
            try await topics.create(topic, partitions: 2)
            timeline.record(.newTopic, "new topic \(topic)")
            output("FAULT: created \(topic) (2 partitions); writing \(count) records")
            try await topics.waitForSourceLeaders(topic, partitions: 2, timeout: .seconds(30))
            try await topics.write(count, to: topic, partitions: 0..<2)
        } catch {
            return { DemoCheck(kind: .newTopic, passed: false, detail: "could not create/write \(topic): \(error)") }
        }
        return { [topics] in
            guard let took = await topics.waitForMirrored(topic, partitions: 2, records: Int64(count),
                timeout: .seconds(90))
            else {
                return DemoCheck(kind: .newTopic, passed: false,
                    detail: "\(topic) did not arrive on the destination with \(count) records in 90 s")
            }
            return DemoCheck(kind: .newTopic, passed: true,
                detail: "\(topic) on the destination with all \(count) records \(format1(took)) s after writing")
        }
    }
}
