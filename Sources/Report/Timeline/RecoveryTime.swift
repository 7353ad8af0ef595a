/// How long the flow took to recover from a fault, from per-second series.
///
/// Second `i` of a series (0-based) covers the interval `(i, i + 1]` seconds after the start. The flow counts as
/// recovered at the end of the first whole second that starts at or after the fault in which the received rate is
/// at least `threshold` (90%) of the offered rate. The result is measured from the fault to the end of that
/// second, so its resolution is one second and a fault with no visible effect still shows 1 to 2 seconds.
public enum RecoveryTime {
    /// Seconds from `faultAt` to recovery, or nil if the flow never recovered within the series (or the fault lies
    /// beyond it). `offered` is the rate the producers aimed at in each second (the target rate, or what was sent).
    public static func seconds(faultAt: Double, received: [Double], offered: [Double], threshold: Double = 0.9)
        -> Double?
    {
        guard faultAt.isFinite, faultAt >= 0 else { return nil }
        let firstWhole = Int(faultAt.rounded(.up))
        let count = min(received.count, offered.count)
        guard firstWhole < count else { return nil }
        for second in firstWhole..<count where offered[second] > 0 && received[second] >= threshold * offered[second] {
            return Double(second + 1) - faultAt
        }
        return nil
    }

    /// As above with a constant offered rate.
    public static func seconds(faultAt: Double, received: [Double], offeredRate: Double, threshold: Double = 0.9)
        -> Double?
    {
        seconds(faultAt: faultAt, received: received, offered: Array(repeating: offeredRate, count: received.count),
            threshold: threshold)
    }
}
