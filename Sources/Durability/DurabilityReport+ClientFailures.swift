/// What a durability run saw that the client library, not the cluster, answers for.
///
/// Debian's librdkafka (2.0.2) has two idempotent-producer behaviours that a broker cannot prevent when a leader is
/// paused or killed with requests in flight: after request timeouts it may bump its producer epoch locally and
/// resend the records it still holds with sequences from 0 (a resend of a record the old leader had appended is
/// then a new record by Kafka's rules: a duplicate no broker can recognise), and it turns an
/// OUT_OF_ORDER_SEQUENCE_NUMBER that follows a timed-out, possibly persisted batch into a fatal error, after which
/// the producer gives up on every record it holds (confluentinc/librdkafka#4438, fixed in 2.3.0). Neither loses an
/// acknowledged record. The report keeps them apart from the broker's promises, names them, and fails only on what
/// the broker could have done right.
extension DurabilityReport {
    /// Duplicates in the leaders' logs whose two copies carry the same producer id and epoch: a resend the broker
    /// should have recognised. These fail the run.
    public var brokerDuplicates: [DuplicateRecord] {
        replicas.flatMap(\.duplicates).filter { !$0.isClientResend }
    }

    /// Duplicates whose second copy the client sent under another producer id or epoch.
    public var clientResentDuplicates: [DuplicateRecord] {
        replicas.flatMap(\.duplicates).filter(\.isClientResend)
    }

    /// Duplicates the checker counted that the logs attribute to the client's epoch bumps. Anything the logs do not
    /// explain (none found there, or a same-epoch copy among them) counts against the broker.
    var duplicatesExplainedByClient: Bool {
        counts.duplicate > 0 && brokerDuplicates.isEmpty && clientResentDuplicates.count == Int(counts.duplicate)
    }

    /// Lines for the verdict table: what the client gave up on or resent, said plainly, with librdkafka's own
    /// error names and each producer's fatal error, so the cause is read from the run rather than assumed.
    var clientSideLines: [String] {
        var lines: [String] = []
        if acks == .all && failed > 0 {
            lines.append("client gave up on:        \(failed) records, never acknowledged (not a loss)")
            if !failuresByError.isEmpty {
                let named = failuresByError.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                let list = named.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                lines.append("  by error:               \(list)")
            }
            for fatal in producerFatalErrors {
                lines.append("  fatal error:            \(fatal)")
            }
            if !producerFatalErrors.isEmpty {
                lines.append(
                    "  (a fatal idempotence error fails every record the producer holds or is given afterwards; "
                        + "librdkafka < 2.3 raises it for a gap after a timed-out request: "
                        + "confluentinc/librdkafka#4438)")
            }
        }
        if acks == .all && duplicatesExplainedByClient {
            lines.append(
                "client resent:            \(counts.duplicate) records under a bumped producer epoch (a duplicate "
                    + "no broker can recognise; see the copies below)")
        }
        return lines
    }
}

extension DuplicateRecord {
    /// The second copy came from another producer id or epoch: the client renumbered the record.
    public var isClientResend: Bool {
        first.producerId != second.producerId || first.producerEpoch != second.producerEpoch
    }
}
