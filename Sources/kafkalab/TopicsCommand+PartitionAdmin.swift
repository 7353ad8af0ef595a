import ArgumentParser
import Foundation
import Lab

/// `topics --reassign`, `--verify` and `--elect-leaders`: requests written to ZooKeeper for the controller.
extension TopicsCommand {
    func validatePartitionAdmin() throws {
        guard zookeeper != nil else {
            throw ValidationError(
                "--reassign, --verify and --elect-leaders need --zookeeper HOST:PORT/CHROOT "
                    + "(see 'kafkalab cluster status')")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
        if let partition, partition < 0 { throw ValidationError("--partition must be 0 or more") }
        if reassign {
            let byFlags = topic != nil || partition != nil || replicas != nil
            guard byFlags != (reassignmentJsonFile != nil) else {
                throw ValidationError(
                    "--reassign needs either --topic, --partition and --replicas, "
                        + "or --reassignment-json-file")
            }
            if byFlags && (topic == nil || partition == nil || replicas == nil) {
                throw ValidationError("--reassign needs --topic, --partition and --replicas together")
            }
            if let replicas { _ = try Self.parseReplicas(replicas) }
        }
        if electLeaders {
            guard (topic != nil) != allTopicPartitions else {
                throw ValidationError(
                    "--elect-leaders needs either --topic T [--partition P] or --all-topic-partitions")
            }
        } else if partition != nil && !reassign {
            throw ValidationError("--partition is for --reassign and --elect-leaders")
        }
    }

    static func parseReplicas(_ text: String) throws -> [Int32] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let ids = parts.compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, ids.count == parts.count, ids.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("--replicas must be broker ids separated by commas, e.g. 1,2,3; got '\(text)'")
        }
        guard Set(ids).count == ids.count else { throw ValidationError("--replicas names a broker twice: \(text)") }
        return ids
    }

    func runPartitionAdmin() async throws {
        let admin = try await PartitionAdmin.connect(zookeeper ?? "")
        do {
            if reassign {
                try await requestReassignment(admin)
            } else if verify {
                try await printPendingReassignments(admin)
            } else {
                try await electPreferredLeaders(admin)
            }
            await admin.close()
        } catch let failure as PartitionAdmin.Failure {
            await admin.close()
            printError("Error: \(failure)")
            throw ExitCode(1)
        } catch {
            await admin.close()
            throw error
        }
    }

    private func requestedMoves() throws -> [PartitionReassignment] {
        if let topic, let partition, let replicas {
            return [
                PartitionReassignment(topic: topic, partition: partition, replicas: try Self.parseReplicas(replicas))
            ]
        }
        let path = reassignmentJsonFile ?? ""
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read --reassignment-json-file \(path)")
        }
        struct File: Decodable { var partitions: [PartitionReassignment] }
        do {
            return try JSONDecoder().decode(File.self, from: data).partitions
        } catch {
            throw ValidationError(
                "\(path) is not a reassignment file "
                    + "({\"version\":1,\"partitions\":[{\"topic\":\"T\",\"partition\":0,\"replicas\":[1,2]}]}): \(error)"
            )
        }
    }

    private func requestReassignment(_ admin: PartitionAdmin) async throws {
        let moves = try requestedMoves()
        let current = try await admin.partitions(of: Array(Set(moves.map(\.topic))).sorted())
        try await admin.requestReassignment(moves)
        for move in moves {
            let before = current.first { $0.topic == move.topic && $0.partition == move.partition }
            print(
                "Reassigning \(move.topic)-\(move.partition): Replicas \(before.map { Self.list($0.replicas) } ?? "?")"
                    + " -> \(Self.list(move.replicas))")
        }
        guard wait else {
            print("Started; follow it with --verify.")
            return
        }
        try await admin.waitForReassignments(moves, timeout: .seconds(timeout)) { done, total in
            print("\(done)/\(total) partitions moved")
        }
        print("Reassignment complete.")
    }

    private func printPendingReassignments(_ admin: PartitionAdmin) async throws {
        let pending = try await admin.pendingReassignments()
        guard !pending.isEmpty else {
            print("No reassignment in progress.")
            return
        }
        let views = try await admin.partitions(of: Array(Set(pending.map(\.topic))).sorted())
        for move in pending {
            let view = views.first { $0.topic == move.topic && $0.partition == move.partition }
            let waiting = move.replicas.filter { !(view?.isr.contains($0) ?? false) }
            print(
                "Reassignment of \(move.topic)-\(move.partition) to \(Self.list(move.replicas)) is in progress: "
                    + "Replicas \(view.map { Self.list($0.replicas) } ?? "?"), Isr \(view.map { Self.list($0.isr) } ?? "?")"
                    + (waiting.isEmpty ? "" : ", waiting for \(Self.list(waiting)) to catch up"))
        }
    }

    private func electPreferredLeaders(_ admin: PartitionAdmin) async throws {
        var chosen = try await admin.partitions(of: topic.map { [$0] })
        if let partition { chosen = chosen.filter { $0.partition == partition } }
        guard !chosen.isEmpty else {
            printError(
                "Error: no such partition: "
                    + (topic.map { "\($0)" + (partition.map { "-\($0)" } ?? "") } ?? "no topics"))
            throw ExitCode(1)
        }
        let needed = chosen.filter { $0.replicas.first != $0.leader }
        if !needed.isEmpty { try await admin.electPreferredLeaders(needed, timeout: .seconds(timeout)) }
        let after = try await admin.partitions(of: Array(Set(chosen.map(\.topic))).sorted())
        var failed = 0
        for view in after where chosen.contains(where: { $0.topic == view.topic && $0.partition == view.partition }) {
            let preferred = view.replicas.first ?? -1
            if view.leader == preferred {
                let moved = needed.contains { $0.topic == view.topic && $0.partition == view.partition }
                print("\(view.name): leader \(preferred)" + (moved ? " (elected)" : " (already the preferred replica)"))
            } else {
                failed += 1
                print(
                    "\(view.name): leader \(view.leader == -1 ? "none" : "\(view.leader)"), preferred replica "
                        + "\(preferred) is not available (not alive or not in the ISR \(Self.list(view.isr)))")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    static func list(_ ids: [Int32]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }
}
