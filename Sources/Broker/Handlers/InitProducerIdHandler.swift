import KafkaWire

extension RequestHandlers {
    /// Idempotent producers get a fresh id with epoch 0; transactional ids are not supported.
    func initProducerId(_ request: InitProducerIdRequest, _ context: RequestContext) async throws -> InitProducerIdResponse {
        guard request.transactionalId == nil else {
            return InitProducerIdResponse(errorCode: .transactionalIdAuthorizationFailed, producerId: -1, producerEpoch: -1)
        }
        do {
            return InitProducerIdResponse(producerId: try await broker.producerIds.next(), producerEpoch: 0)
        } catch {
            return InitProducerIdResponse(errorCode: .coordinatorNotAvailable, producerId: -1, producerEpoch: -1)
        }
    }
}
