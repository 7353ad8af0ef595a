import KafkaWire
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import Broker

/// The connection loop against a real socket: a request whose handler only waits lets the next request be served
/// meanwhile (up to the in-flight limit), and answers still leave in request order.
@Suite struct KafkaServerPipeliningTests {
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    /// Heartbeat "first" answers later: it waits (at most `patience`) for heartbeat "second"'s handler to have run,
    /// and answers NONE if it did, REBALANCE_IN_PROGRESS if it gave up. "second" answers at once.
    private static func router(secondServed: Flag, notifier: AppendNotifier, patience: Duration) -> RequestRouter {
        let heartbeat = RegisteredHandler.pipelined(HeartbeatRequest.self) { request, _ in
            if request.memberId == "second" {
                secondServed.set()
                notifier.notify()
                return .now(HeartbeatResponse())
            }
            return .later {
                let deadline = ContinuousClock.now + patience
                while !secondServed.isSet && ContinuousClock.now < deadline {
                    let generation = notifier.generation
                    if secondServed.isSet { break }
                    await notifier.wait(since: generation, timeout: deadline - ContinuousClock.now)
                }
                return HeartbeatResponse(errorCode: secondServed.isSet ? .none : .rebalanceInProgress)
            }
        }
        return RequestRouter(handlers: [heartbeat], logger: Logger(label: "test"))
    }

    /// Sends heartbeats "first" then "second" back to back on one connection; returns the answers as they arrive.
    private func exchange(limit: Int, patience: Duration) async throws -> [(correlationId: Int32, error: ErrorCode)] {
        let secondServed = Flag()
        let notifier = AppendNotifier()
        let server = KafkaServer(maxFrameBytes: 1 << 20, maxInFlightRequests: limit, logger: Logger(label: "test"))
        let listener = try await server.bind(host: "127.0.0.1", port: 0, group: MultiThreadedEventLoopGroup.singleton)
        let port = try #require(listener.channel.localAddress?.port)
        let serving = Task {
            await server.serve(listener, router: Self.router(secondServed: secondServed, notifier: notifier, patience: patience))
        }
        defer { serving.cancel() }
        let client = try await connectFramedTestClient(port: port, maxFrameBytes: 1 << 20)
        return try await client.executeThenClose { inbound, outbound in
            for (index, member) in ["first", "second"].enumerated() {
                let request = HeartbeatRequest(groupId: "g", generationId: 1, memberId: member)
                try await outbound.write(encodeRequestFrame(request, version: 3, correlationId: Int32(index + 1), clientId: "t"))
            }
            var answers: [(correlationId: Int32, error: ErrorCode)] = []
            for try await payload in inbound {
                let (correlationId, response) = try decodeResponseBody(HeartbeatRequest.self, version: 3, from: payload)
                answers.append((correlationId, response.errorCode))
                if answers.count == 2 { break }
            }
            return answers
        }
    }

    @Test func aWaitingRequestLetsTheNextOneBeServedAndAnswersStayInOrder() async throws {
        let answers = try await exchange(limit: 5, patience: .seconds(10))
        #expect(answers.map(\.correlationId) == [1, 2])
        #expect(answers.first?.error == ErrorCode.none, "the second request was not served while the first waited")
    }

    @Test func aLimitOfOneServesStrictlyOneAtATime() async throws {
        let answers = try await exchange(limit: 1, patience: .milliseconds(300))
        #expect(answers.map(\.correlationId) == [1, 2])
        #expect(answers.first?.error == .rebalanceInProgress, "the second request was served before the first was answered")
    }
}

@Suite struct InFlightLimitTests {
    @Test func theSlotAfterTheLimitWaitsForARelease() async {
        let limit = InFlightLimit(2)
        #expect(await limit.acquire())
        #expect(await limit.acquire())
        let third = Task { await limit.acquire() }
        limit.release()
        #expect(await third.value)
    }

    @Test func closingFreesAWaitingReaderWithFalse() async {
        let limit = InFlightLimit(1)
        #expect(await limit.acquire())
        let waiting = Task { await limit.acquire() }
        limit.close()
        #expect(await waiting.value == false)
        #expect(await limit.acquire() == false)
    }
}
