/// A consumer's messages in batches. Consuming a batch lets the polling thread fetch more.
public struct KafkaMessageBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaMessage]
    let stream: AsyncStream<[KafkaMessage]>
    let poller: ConsumerPoller

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<[KafkaMessage]>.AsyncIterator
        let poller: ConsumerPoller
        /// The batch handed out last: asking for the next one means it was processed.
        var previous: [KafkaMessage] = []

        public mutating func next() async -> [KafkaMessage]? {
            finishPrevious()
            guard let batch = await base.next() else { return nil }
            return handOut(batch)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> [KafkaMessage]? {
            finishPrevious()
            guard let batch = await base.next(isolation: actor) else { return nil }
            return handOut(batch)
        }

        private mutating func finishPrevious() {
            poller.storeOffsets(of: previous)
            previous = []
        }

        private mutating func handOut(_ batch: [KafkaMessage]) -> [KafkaMessage] {
            poller.buffered.subtract(1, ordering: .relaxed)
            previous = batch
            return batch
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), poller: poller)
    }
}

/// A consumer's messages one at a time.
public struct KafkaMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage
    let batches: KafkaMessageBatches

    public struct AsyncIterator: AsyncIteratorProtocol {
        var batches: KafkaMessageBatches.AsyncIterator
        var current: [KafkaMessage] = []
        var index = 0

        public mutating func next() async -> KafkaMessage? {
            while index >= current.count {
                guard let batch = await batches.next() else { return nil }
                current = batch
                index = 0
            }
            defer { index += 1 }
            return current[index]
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> KafkaMessage? {
            while index >= current.count {
                guard let batch = await batches.next(isolation: actor) else { return nil }
                current = batch
                index = 0
            }
            defer { index += 1 }
            return current[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(batches: batches.makeAsyncIterator())
    }
}
