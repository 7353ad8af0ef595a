/// A line chart as a standalone inline `<svg>` element: several series, axes with ticks and labels, a legend, and
/// labelled vertical markers. Pure string generation: no scripts and no external resources (not even an xmlns URL,
/// which inline SVG in HTML does not need), so a report that embeds it opens from a file without a network.
public struct SVGLineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    public var markers: [ChartMarker]
    public var width = 900
    public var height = 320

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries], markers: [ChartMarker] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.markers = markers
    }

    // Plot area margins: room for tick labels on the left and bottom, the legend on top.
    private let left = 64.0, right = 16.0, top = 40.0, bottom = 46.0

    public func render() -> String {
        let finitePoints = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xs = finitePoints.map(\.x) + markers.map(\.x).filter(\.isFinite)
        let xAxis = AxisTicks(minimum: xs.min() ?? 0, maximum: xs.max() ?? 1, target: 10)
        let yAxis = AxisTicks(minimum: 0, maximum: finitePoints.map(\.y).max() ?? 1, target: 5)
        let plotWidth = Double(max(width, 200)) - left - right
        let plotHeight = Double(max(height, 120)) - top - bottom
        let scale = Scale(x: xAxis, y: yAxis, left: left, top: top, width: plotWidth, height: plotHeight)

        var svg = "<svg class=\"chart\" width=\"\(max(width, 200))\" "
            + "height=\"\(max(height, 120))\" viewBox=\"0 0 \(max(width, 200)) \(max(height, 120))\" role=\"img\" "
            + "aria-label=\"\(HTMLText.escape(title))\">\n"
        svg += "<title>\(HTMLText.escape(title))</title>\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += axes(scale: scale, xAxis: xAxis, yAxis: yAxis)
        for line in series { svg += polyline(line, scale: scale) }
        svg += markerLines(scale: scale)
        svg += legend()
        svg += "</svg>"
        return svg
    }

    private func axes(scale: Scale, xAxis: AxisTicks, yAxis: AxisTicks) -> String {
        let c = HTMLText.coordinate
        let bottomY = top + scale.height
        var out = "<g class=\"axes\" font-size=\"11\" fill=\"#444\">\n"
        for value in yAxis.values {
            let y = scale.y(value)
            out += "<line x1=\"\(c(left))\" y1=\"\(c(y))\" x2=\"\(c(left + scale.width))\" y2=\"\(c(y))\" "
                + "stroke=\"#e4e4e4\"/>"
            out += "<text x=\"\(c(left - 6))\" y=\"\(c(y + 4))\" text-anchor=\"end\">\(yAxis.label(value))</text>\n"
        }
        for value in xAxis.values {
            let x = scale.x(value)
            out += "<line x1=\"\(c(x))\" y1=\"\(c(bottomY))\" x2=\"\(c(x))\" y2=\"\(c(bottomY + 5))\" stroke=\"#444\"/>"
            out += "<text x=\"\(c(x))\" y=\"\(c(bottomY + 18))\" text-anchor=\"middle\">\(xAxis.label(value))</text>\n"
        }
        out += "<line x1=\"\(c(left))\" y1=\"\(c(bottomY))\" x2=\"\(c(left + scale.width))\" y2=\"\(c(bottomY))\" "
            + "stroke=\"#444\"/>"
        out += "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(bottomY))\" stroke=\"#444\"/>\n"
        out += "<text x=\"\(c(left + scale.width / 2))\" y=\"\(c(bottomY + 38))\" text-anchor=\"middle\">"
            + "\(HTMLText.escape(xLabel))</text>\n"
        out += "<text x=\"14\" y=\"\(c(top + scale.height / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(c(top + scale.height / 2)))\">\(HTMLText.escape(yLabel))</text>\n"
        return out + "</g>\n"
    }

    private func polyline(_ line: ChartSeries, scale: Scale) -> String {
        let points = line.points.filter { $0.x.isFinite && $0.y.isFinite }
            .map { "\(HTMLText.coordinate(scale.x($0.x))),\(HTMLText.coordinate(scale.y($0.y)))" }
        guard !points.isEmpty else { return "" }
        return "<polyline class=\"series\" fill=\"none\" stroke=\"\(line.safeColor)\" stroke-width=\"1.8\" "
            + "points=\"\(points.joined(separator: " "))\"><title>\(HTMLText.escape(line.name))</title></polyline>\n"
    }

    private func markerLines(scale: Scale) -> String {
        let c = HTMLText.coordinate
        var out = ""
        for (index, marker) in markers.enumerated() where marker.x.isFinite {
            let x = scale.x(marker.x)
            // Stagger labels over four rows so markers close together stay readable.
            let labelY = top + 12 + Double(index % 4) * 13
            out += "<g class=\"marker\"><line x1=\"\(c(x))\" y1=\"\(c(top))\" x2=\"\(c(x))\" "
                + "y2=\"\(c(top + scale.height))\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
                + "<text x=\"\(c(x + 3))\" y=\"\(c(labelY))\" font-size=\"10\" fill=\"#c0392b\">"
                + "\(HTMLText.escape(marker.label))</text></g>\n"
        }
        return out
    }

    private func legend() -> String {
        let c = HTMLText.coordinate
        var out = "<g class=\"legend\" font-size=\"12\">"
        out += "<text x=\"\(c(left))\" y=\"16\" font-weight=\"bold\">\(HTMLText.escape(title))</text>"
        var x = left
        for line in series {
            out += "<rect x=\"\(c(x))\" y=\"24\" width=\"14\" height=\"4\" fill=\"\(line.safeColor)\"/>"
            out += "<text x=\"\(c(x + 18))\" y=\"30\">\(HTMLText.escape(line.name))</text>"
            x += 30 + Double(line.name.count) * 7
        }
        return out + "</g>\n"
    }
}

/// Data coordinates to SVG coordinates (y grows downwards in SVG).
private struct Scale {
    let xAxis: AxisTicks, yAxis: AxisTicks
    let left: Double, top: Double, width: Double, height: Double

    init(x: AxisTicks, y: AxisTicks, left: Double, top: Double, width: Double, height: Double) {
        (xAxis, yAxis, self.left, self.top, self.width, self.height) = (x, y, left, top, width, height)
    }

    func x(_ value: Double) -> Double { left + (value - xAxis.lower) / (xAxis.upper - xAxis.lower) * width }
    func y(_ value: Double) -> Double { top + height - (value - yAxis.lower) / (yAxis.upper - yAxis.lower) * height }
}
