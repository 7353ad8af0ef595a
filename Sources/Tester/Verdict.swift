/// PASS or FAIL, and why. Pure.
public struct Verdict: Sendable, Equatable, Codable {
    public var passed: Bool
    public var reasons: [String]

    public static func evaluate(_ counts: CheckCounts, failOnDuplicates: Bool = true, ranAnything: Bool = true)
        -> Verdict
    {
        var reasons: [String] = []
        if counts.lost > 0 {
            reasons.append("\(counts.lost) acknowledged records lost (\(counts.lostAtTail) at the tail)")
        }
        if counts.corrupt > 0 { reasons.append("\(counts.corrupt) corrupt records") }
        if counts.old > 0 { reasons.append("\(counts.old) records out of order") }
        if failOnDuplicates, counts.duplicate > 0 { reasons.append("\(counts.duplicate) duplicate records") }
        if !ranAnything { reasons.append("no records were produced") }
        return Verdict(passed: reasons.isEmpty, reasons: reasons)
    }

    public var word: String { passed ? "PASS" : "FAIL" }
}
