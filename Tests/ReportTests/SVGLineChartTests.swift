import Testing

@testable import Report

@Suite struct SVGLineChartTests {
    func chart(markers: [ChartMarker] = [], name: String = "sent/s") -> SVGLineChart {
        SVGLineChart(
            title: "Throughput", xLabel: "seconds", yLabel: "records/s",
            series: [
                ChartSeries(name: name, color: "#1f77b4", values: [100, 120, 90, 0, 110]),
                ChartSeries(name: "received/s", color: "orange", values: [95, 118, 60, 0, 150]),
            ], markers: markers)
    }

    @Test func isWellFormedSVGWithOnePolylinePerSeries() {
        let svg = chart().render()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.hasSuffix("</svg>"))
        #expect(MarkupChecks.isWellFormedXML(svg))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("stroke=\"#1f77b4\""))
        #expect(svg.contains(">received/s</text>"))
    }

    @Test func marksFaultsAsLabelledVerticalLines() {
        let svg = chart(markers: [ChartMarker(x: 2.5, label: "kill -9 source broker 1"),
            ChartMarker(x: 4, label: "restart")]).render()
        #expect(svg.components(separatedBy: "class=\"marker\"").count - 1 == 2)
        #expect(svg.contains(">kill -9 source broker 1</text>"))
        #expect(MarkupChecks.isWellFormedXML(svg))
    }

    @Test func hostileLabelsAndColoursStayInert() {
        let hostile = "</text><script>alert(1)</script>&"
        var chart = chart(markers: [ChartMarker(x: 1, label: hostile)], name: hostile)
        chart.series[0].color = "red\" onload=\"alert(1)"
        chart.title = hostile
        let svg = chart.render()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("onload"))
        #expect(svg.contains("stroke=\"gray\""))
        #expect(MarkupChecks.isWellFormedXML(svg))
        #expect(MarkupChecks.externalReferences(svg).isEmpty)
    }

    @Test func emptyAndNonFiniteDataRender() {
        let empty = SVGLineChart(title: "empty", xLabel: "x", yLabel: "y", series: [])
        #expect(MarkupChecks.isWellFormedXML(empty.render()))
        let weird = SVGLineChart(title: "weird", xLabel: "x", yLabel: "y",
            series: [ChartSeries(name: "n", color: "#000", values: [.nan, .infinity, 3])],
            markers: [ChartMarker(x: .nan, label: "lost")])
        let svg = weird.render()
        #expect(MarkupChecks.isWellFormedXML(svg))
        #expect(!svg.contains("nan"))
        #expect(!svg.contains("inf"))
    }
}
