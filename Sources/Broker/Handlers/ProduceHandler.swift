import KafkaWire

extension RequestHandlers {
    /// Appends to each partition this broker leads. acks=0 gets no response at all, as in Kafka; acks=1 answers
    /// after the local append; acks=all answers once the high watermark covers the batch (or on timeout).
    ///
    /// The appends happen now, in the connection's order; an acks=all wait is returned as `.later`, so the
    /// connection's next request (normally the next batch) is appended while this one waits for the followers.
    func produce(_ request: ProduceRequest, _ context: RequestContext) async throws -> Reply<ProduceResponse> {
        // Just back from a freeze: what this broker believes it leads may be out of date, so wait (in this
        // connection's order) until the view is confirmed, normally a few milliseconds. Refusing instead would be
        // worse: librdkafka 2.0.2 turns a refused resend of a timed-out batch followed by a sequence gap into a
        // fatal error (fixed in librdkafka 2.3.0, confluentinc/librdkafka#4438); a batch that waits is appended
        // (its resend is then a duplicate) or, if leadership moved, refused everywhere alike.
        let confirmed = await broker.pauseFence.waitUntilLeadershipAllowed(
            session: { self.broker.zooKeeper }, timeout: .milliseconds(Int(max(0, request.timeoutMs))))
        if !confirmed {
            if let report = broker.pauseFence.longSuspensionReport(session: broker.zooKeeper) {
                broker.logger.warning("produce answered NOT_LEADER_OR_FOLLOWER: \(report)")
            }
            let now = ContinuousClock.now
            for topic in request.topicData {
                for data in topic.partitionData {
                    guard let records = data.records else { continue }
                    noteRefusal(
                        topic: topic.name, partition: data.index, records: records, code: .notLeaderOrFollower, now: now)
                }
            }
            return .now(notLeadingResponse(request))
        }
        let acks = request.acks
        let nowMs = Broker.nowMs()
        var responses: [ProduceResponse.TopicProduceResponse] = []
        var awaiting: [PendingReplication] = []
        for topic in request.topicData {
            var partitions: [ProduceResponse.PartitionProduceResponse] = []
            for data in topic.partitionData {
                var result = ProduceResponse.PartitionProduceResponse(index: data.index, baseOffset: -1)
                if acks != 0 && acks != 1 && acks != -1 {
                    result.errorCode = .invalidRequiredAcks
                } else if request.transactionalId != nil {
                    result.errorCode = .transactionalIdAuthorizationFailed
                    result.errorMessage = "transactions are not supported by KafkaLab"
                } else if let records = data.records {
                    do {
                        let partition = broker.replicaManager.partition(topic.name, data.index)
                        let leaderEpoch = partition?.currentLeadership.leaderEpoch
                        let info = try broker.produce(
                            topic: topic.name, partition: data.index, records: records, acks: acks, nowMs: nowMs)
                        if acks == -1, let partition, let leaderEpoch {
                            awaiting.append(PendingReplication(
                                topicIndex: responses.count, partitionIndex: partitions.count, partition: partition,
                                requiredOffset: info.lastOffset + 1, leaderEpoch: leaderEpoch))
                        }
                        result.baseOffset = info.firstOffset
                        result.logAppendTimeMs = info.logAppendTimeMs
                        result.logStartOffset = info.logStartOffset
                    } catch let error as PartitionError {
                        (result.errorCode, result.errorMessage) = answer(
                            error, topic: topic.name, partition: data.index, records: records)
                    }
                } else {
                    result.errorCode = .corruptMessage
                    result.errorMessage = "no record batch"
                }
                partitions.append(result)
            }
            responses.append(.init(name: topic.name, partitionResponses: partitions))
        }
        broker.replicaManager.appendNotifier.notify()
        if acks == 0 { return .now(nil) }
        if awaiting.isEmpty { return .now(ProduceResponse(responses: responses)) }
        let timeout = Duration.milliseconds(Int(max(0, request.timeoutMs)))
        return .later { [responses, awaiting] in
            var answered = responses
            let outcomes = await waitForReplication(awaiting, timeout: timeout)
            for (pending, code) in zip(awaiting, outcomes) where code != .none {
                answered[pending.topicIndex].partitionResponses[pending.partitionIndex].errorCode = code
            }
            return ProduceResponse(responses: answered)
        }
    }

    /// Every partition answered NOT_LEADER_OR_FOLLOWER (retriable): the broker could not confirm its leadership.
    private func notLeadingResponse(_ request: ProduceRequest) -> ProduceResponse? {
        guard request.acks != 0 else { return nil }
        return ProduceResponse(
            responses: request.topicData.map { topic in
                .init(
                    name: topic.name,
                    partitionResponses: topic.partitionData.map { data in
                        var result = ProduceResponse.PartitionProduceResponse(index: data.index, baseOffset: -1)
                        result.errorCode = .notLeaderOrFollower
                        result.errorMessage = "broker is confirming its leadership after a pause"
                        return result
                    })
            })
    }
}
