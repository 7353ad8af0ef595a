import KafkaWire
import NIOCore

extension RequestHandlers {
    /// Reads whole batches up to the high watermark (consumers) or the log end (followers, ReplicaId >= 0); waits
    /// up to maxWaitMs for minBytes, woken by appends. ReplicaId = -2 is Kafka's debugging consumer: any replica
    /// answers it (leader or follower) from its own log up to its log end, without counting as a follower; the
    /// replica consistency check (`kafkalab verify-replicas`) reads every replica that way. A follower's fetch
    /// offset is its log end offset: the leader records it first, which may move the high watermark and grow the
    /// ISR.
    /// Incremental fetch sessions (KIP-227) are not kept: the answer carries session id 0, so clients send full
    /// fetches, which Kafka permits.
    func fetch(_ request: FetchRequest, _ context: RequestContext) async throws -> FetchResponse {
        let deadline = ContinuousClock.now + .milliseconds(Int(max(0, request.maxWaitMs)))
        let notifier = broker.replicaManager.appendNotifier
        if request.replicaId >= 0 { recordFollowerPositions(request) }
        while true {
            let generation = notifier.generation
            let (responses, bytes, hasError) = readAll(request)
            let remaining = deadline - ContinuousClock.now
            if bytes >= Int(max(1, request.minBytes)) || hasError || remaining <= .zero {
                return FetchResponse(responses: responses)
            }
            await notifier.wait(since: generation, timeout: remaining)
        }
    }

    private func readAll(_ request: FetchRequest) -> ([FetchResponse.FetchableTopicResponse], Int, Bool) {
        var totalBytes = 0
        var hasError = false
        let maxBytes = request.maxBytes > 0 ? Int(request.maxBytes) : Int.max
        var responses: [FetchResponse.FetchableTopicResponse] = []
        for topic in request.topics {
            var partitions: [FetchResponse.PartitionData] = []
            for wanted in topic.partitions {
                var data = FetchResponse.PartitionData(partitionIndex: wanted.partition, highWatermark: -1)
                guard let partition = broker.replicaManager.partition(topic.topic, wanted.partition) else {
                    data.errorCode = broker.notLeadingError(topic: topic.topic)
                    hasError = true
                    partitions.append(data)
                    continue
                }
                let leadership = partition.currentLeadership
                let isFollower = request.replicaId >= 0
                let isDebugReader = request.replicaId == FetchRequest.debuggingReplicaId
                if isDebugReader {
                    // Whatever this replica holds; no leader epoch fencing, the reader compares replicas itself.
                } else if leadership.leader != broker.brokerId {
                    data.errorCode = .notLeaderOrFollower
                } else if wanted.currentLeaderEpoch >= 0 && wanted.currentLeaderEpoch < leadership.leaderEpoch {
                    data.errorCode = .fencedLeaderEpoch
                } else if wanted.currentLeaderEpoch > leadership.leaderEpoch {
                    data.errorCode = .unknownLeaderEpoch
                } else if isFollower && !leadership.replicas.contains(request.replicaId) {
                    data.errorCode = .notLeaderOrFollower
                }
                let highWatermark = partition.log.highWatermark
                data.highWatermark = highWatermark
                data.lastStableOffset = highWatermark
                data.logStartOffset = partition.log.logStartOffset
                if data.errorCode == .none {
                    // The first partition may exceed the response limit by one batch (KIP-74); later ones may not.
                    let budget = min(Int(max(0, wanted.partitionMaxBytes)), maxBytes - totalBytes)
                    if budget > 0 || totalBytes == 0 {
                        do {
                            let records = try partition.fetchRecords(
                                from: wanted.fetchOffset, maxBytes: max(1, budget),
                                forFollower: isFollower || isDebugReader)
                            totalBytes += records.byteCount
                            switch records {
                            case .bytes(let bytes): data.records = bytes
                            case .inFile(let inFile): data.recordsInFile = inFile
                            }
                        } catch {
                            data.errorCode = error.code
                        }
                    }
                }
                if data.errorCode != .none { hasError = true }
                if data.records == nil && data.recordsInFile == nil { data.records = ByteBuffer() }
                partitions.append(data)
            }
            responses.append(.init(topic: topic.topic, partitions: partitions))
        }
        return (responses, totalBytes, hasError)
    }

    /// Records each follower position once per request; wakes waiters when the high watermark moved.
    private func recordFollowerPositions(_ request: FetchRequest) {
        var moved = false
        for topic in request.topics {
            for wanted in topic.partitions {
                guard let partition = broker.replicaManager.partition(topic.topic, wanted.partition) else { continue }
                let epoch = partition.currentLeadership.leaderEpoch
                guard wanted.currentLeaderEpoch < 0 || wanted.currentLeaderEpoch == epoch else { continue }
                let replica = request.replicaId
                if broker.replication.recordFollowerFetch(partition, replica: replica, fetchOffset: wanted.fetchOffset) {
                    moved = true
                }
            }
        }
        if moved { broker.replicaManager.replicationStateChanged() }
    }
}
