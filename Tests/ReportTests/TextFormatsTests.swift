import Testing

@testable import Report

@Suite struct TextTableTests {
    @Test func padsColumnsAndRightAlignsNumbers() {
        var table = TextTable(headers: ["what", "count"])
        table.add("sent", "12000")
        table.add("lost", "0")
        #expect(table.render() == """
            what  count
            ----  -----
            sent  12000
            lost      0
            """)
    }

    @Test func raggedRowsAndNewlinesDoNotBreakColumns() {
        let table = TextTable(headers: ["a"], rows: [["x\ny", "extra"], []])
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[2] == "x y  extra")
    }
}

@Suite struct DurationTextTests {
    @Test(arguments: [("45", 45.0), ("45s", 45), ("2m", 120), ("1m30s", 90), ("1.5m", 90), ("500ms", 0.5),
        (" 40s ", 40), ("1h", 3_600)])
    func parses(text: String, seconds: Double) throws {
        #expect(try DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "s", "abc", "45x", "-5s", "0", "1e9", "25h", "1..2s", "nan", "4 5"])
    func rejectsWithAClearError(text: String) {
        #expect(throws: ScheduleError.self) { try DurationText.seconds(text) }
    }
}

@Suite struct TesterLiveLineTests {
    @Test func parsesTheTestersLine() {
        let line = "[12s] sent 500/s acked 498/s received 480/s | total sent 6000 acked 5990 received 5800 lag 190"
            + " | e2e p99 45.25 ms"
        #expect(TesterLiveLine(parsing: line) == TesterLiveLine(second: 12, sentPerSecond: 500, receivedPerSecond: 480,
            sent: 6000, acknowledged: 5990, received: 5800, endToEndP99Millis: 45.25))
    }

    @Test func toleratesAnAlertSuffix() {
        let line = "[3s] sent 10/s acked 10/s received 0/s | total sent 30 acked 30 received 0 lag 30"
            + " | e2e p99 0.0 ms | ALERT receive rate below 5.0/s"
        #expect(TesterLiveLine(parsing: line)?.received == 0)
    }

    @Test(arguments: ["", "warning: consumers were not assigned", "[x] sent 1/s", "[1s] sent 1/s received 1/s",
        "[1s] sent -1/s acked 1/s received 1/s | total sent 1 acked 1 received 1", "]["])
    func rejectsOtherLines(line: String) {
        #expect(TesterLiveLine(parsing: line) == nil)
    }
}
