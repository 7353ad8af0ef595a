/// The totals in one live line of the tester (`kafkalab test`), which prints
/// `[Ns] sent A/s acked B/s received C/s | total sent D acked E received F lag G | e2e p99 H ms ...`.
/// The demo re-prints them in its own line, next to the last fault.
public struct TesterLiveLine: Sendable, Equatable {
    public var second: Int
    public var sentPerSecond: UInt64
    public var receivedPerSecond: UInt64
    public var sent: UInt64
    public var acknowledged: UInt64
    public var received: UInt64
    public var endToEndP99Millis: Double

    public init(second: Int, sentPerSecond: UInt64, receivedPerSecond: UInt64, sent: UInt64, acknowledged: UInt64,
        received: UInt64, endToEndP99Millis: Double) {
        self.second = second
        self.sentPerSecond = sentPerSecond
        self.receivedPerSecond = receivedPerSecond
        self.sent = sent
        self.acknowledged = acknowledged
        self.received = received
        self.endToEndP99Millis = endToEndP99Millis
    }

    /// nil when the line is not a live line (a warning, say) or does not have the expected shape.
    public init?(parsing line: String) {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        let inside = line[line.index(after: line.startIndex)..<close]
        guard let second = Int(inside.hasSuffix("s") ? inside.dropLast() : inside) else { return nil }
        let words = line[line.index(after: close)...].split(whereSeparator: \.isWhitespace).map(String.init)
        // The value after each label; per-second values end in "/s".
        func value(after label: String, occurrence: Int = 0) -> String? {
            let indices = words.indices.filter { words[$0] == label && $0 + 1 < words.count }
            return occurrence < indices.count ? words[indices[occurrence] + 1] : nil
        }
        func perSecond(_ label: String) -> UInt64? {
            value(after: label).flatMap { $0.hasSuffix("/s") ? UInt64($0.dropLast(2)) : nil }
        }
        guard let sentRate = perSecond("sent"), let receivedRate = perSecond("received"),
            let sent = value(after: "sent", occurrence: 1).flatMap(UInt64.init),
            let acknowledged = value(after: "acked", occurrence: 1).flatMap(UInt64.init),
            let received = value(after: "received", occurrence: 1).flatMap(UInt64.init)
        else { return nil }
        self.init(second: second, sentPerSecond: sentRate, receivedPerSecond: receivedRate, sent: sent,
            acknowledged: acknowledged, received: received,
            endToEndP99Millis: value(after: "p99").flatMap(Double.init) ?? 0)
    }
}
