import Foundation
import KafkaWire
import NIOCore
import SeededRandom

#if canImport(Glibc)
    import Glibc
#endif

/// One fuzzing connection loop, run on a thread of its own: pipelines of 1-24 frames, each pipeline closed by a
/// valid ApiVersions "sentinel" whose answer proves that everything before it was handled. A broker that closes the
/// connection (its answer to unparseable input) is simply reconnected to.
struct FuzzWorker {
    let id: Int
    let port: Int
    let corpus: FrameCorpus
    let ledger: FuzzLedger
    let quota: Int
    let deadline: ContinuousClock.Instant
    let maxRequestBytes: Int32
    var rng: SeededGenerator

    private var nextCorrelationId: Int32 = 1
    private var nextSentinelId: Int32 = -1_000_000

    init(
        id: Int, port: Int, corpus: FrameCorpus, ledger: FuzzLedger, quota: Int, deadline: ContinuousClock.Instant,
        maxRequestBytes: Int32, seed: UInt64
    ) {
        self.id = id
        self.port = port
        self.corpus = corpus
        self.ledger = ledger
        self.quota = quota
        self.deadline = deadline
        self.maxRequestBytes = maxRequestBytes
        self.rng = SeededGenerator(seed: seed)
    }

    mutating func run() {
        var processed = 0
        var socket: BlockingSocket?
        while processed < quota, ContinuousClock.now < deadline, !ledger.shouldStop {
            if socket == nil {
                do {
                    socket = try BlockingSocket(port: port)
                    ledger.update { $0.connections += 1 }
                } catch {
                    ledger.brokerDown("worker \(id) cannot connect: \(error)")
                    return
                }
            }
            guard let connection = socket else { return }
            let (frames, endsWithLie) = makePipeline()
            let keepOpen = exchange(frames, endsWithLie: endsWithLie, on: connection, processed: &processed)
            if !keepOpen {
                connection.close()
                socket = nil
            }
        }
        socket?.close()
    }

    private mutating func correlationId() -> Int32 {
        defer { nextCorrelationId = nextCorrelationId == Int32.max ? 1 : nextCorrelationId + 1 }
        return nextCorrelationId
    }

    /// Requests the broker should answer first, then 1-3 frames it will probably close the connection on: a
    /// broker stops at the first unparseable frame, so hostile frames early in a pipeline would waste the rest.
    private mutating func makePipeline() -> (frames: [FuzzFrame], endsWithLie: Bool) {
        var frames: [FuzzFrame] = []
        for _ in 0..<Int.random(in: 0...10, using: &rng) {
            let id = correlationId()
            if rng.chance(0.75) {
                frames.append(corpus.validFrame(correlationId: id, using: &rng))
            } else {
                frames.append(corpus.corruptBatchFrame(correlationId: id, using: &rng))
            }
        }
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let id = correlationId()
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<70:
                var frame = corpus.validFrame(correlationId: id, using: &rng)
                FrameMutator.mutate(&frame, using: &rng)
                frames.append(frame)
            case 70..<82:
                frames.append(HostileFrames.randomBytes(correlationId: id, using: &rng))
            case 82..<92:
                frames.append(HostileFrames.unknownKeyOrVersion(correlationId: id, using: &rng))
            default:
                frames.append(HostileFrames.sizeLie(correlationId: id, maxRequestBytes: maxRequestBytes, using: &rng))
                return (frames, true)
            }
        }
        nextSentinelId = nextSentinelId == Int32.min ? -1_000_000 : nextSentinelId - 1
        var sentinel = FuzzFrame.valid(ApiVersionsRequest(), version: 0, correlationId: nextSentinelId, clientId: "s")
        sentinel.label = "sentinel"
        frames.append(sentinel)
        return (frames, false)
    }

    /// Sends the pipeline and reads its answers. Returns whether the connection is still usable.
    private mutating func exchange(
        _ frames: [FuzzFrame], endsWithLie: Bool, on socket: BlockingSocket, processed: inout Int
    ) -> Bool {
        let now = ContinuousClock.now
        ledger.update { totals in
            totals.sent += frames.count
            if let oldest = totals.recentPipelines.first?.sent, now - oldest > .seconds(4) {
                totals.recentPipelines.removeAll { now - $0.sent > .seconds(3) }
            }
            totals.recentPipelines.append((now, id, frames))
        }
        var bytes: [UInt8] = []
        for frame in frames { bytes += frame.bytes }
        do {
            try socket.send(bytes)
        } catch {
            // The broker may close mid-pipeline (it stops reading at the first bad frame): count it as one.
            processed += 1
            ledger.update {
                $0.processed += 1
                $0.closedByBroker += 1
            }
            return false
        }
        let fuzzFrames = endsWithLie ? frames : Array(frames.dropLast())
        let sentinelId = endsWithLie ? nil : frames.last?.correlationId
        var pending = fuzzFrames[...]
        var answered = 0
        while true {
            // The lie is the last frame: once every earlier frame is answered there is nothing more to wait for.
            if endsWithLie && !pending.contains(where: \.expectsResponse) {
                processed += fuzzFrames.count
                ledger.update { $0.processed += fuzzFrames.count }
                return false
            }
            let payload: ByteBuffer
            do {
                payload = try socket.readFrame(timeoutMillis: endsWithLie ? 1500 : 4000)
            } catch SocketError.closed {
                let consumed = min(fuzzFrames.count, answered + 1)
                processed += consumed
                ledger.update {
                    $0.processed += consumed
                    $0.closedByBroker += 1
                }
                return false
            } catch  where endsWithLie {
                // Mutated frames before the lie may legitimately go unanswered (a correlation id or acks flipped).
                processed += answered + 1
                ledger.update { $0.processed += answered + 1 }
                return false
            } catch {
                let waiting = pending.prefix(3).map(\.label).joined(separator: " | ")
                processed += answered
                ledger.update { totals in
                    totals.processed += answered
                    if totals.stalls.count < 200 { totals.stalls.append("\(error) waiting on: \(waiting)") }
                }
                return false
            }
            ledger.update { $0.responses += 1 }
            let correlation = payload.getInteger(at: payload.readerIndex, as: Int32.self) ?? 0
            if correlation == sentinelId {
                processed += fuzzFrames.count
                ledger.update { $0.processed += fuzzFrames.count }
                return true
            }
            guard let index = pending.firstIndex(where: { $0.correlationId == correlation }) else {
                continue  // A mutated correlation id: the answer cannot be matched, only counted.
            }
            let frame = pending[index]
            // Attributable only if no mutated frame still pending before it could have carried this id.
            let attributable = frame.isPristine && pending[..<index].allSatisfy(\.isPristine)
            answered = index - fuzzFrames.startIndex + 1
            pending = pending[(index + 1)...]
            if attributable, let check = frame.checkResponse {
                do {
                    try check(payload)
                    ledger.update { $0.checkedResponses += 1 }
                } catch {
                    let response = FuzzFrame(
                        bytes: Array(payload.readableBytesView), correlationId: 0,
                        checkResponse: nil, expectsResponse: false, label: ""
                    ).hex
                    ledger.finding(
                        "bad answer to \(frame.label): \(error)\n  request: \(frame.hex)\n  response: \(response)")
                }
            }
        }
    }
}
