/// One line of a chart: a name for the legend, a colour, and points in data coordinates.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    /// Any CSS colour; only `#rgb`/`#rrggbb` and plain names are accepted (anything else becomes grey), because it
    /// is written into an attribute.
    public var color: String
    public var points: [ChartPoint]

    public init(name: String, color: String, points: [ChartPoint]) {
        self.name = name
        self.color = color
        self.points = points
    }

    /// Values at x = `firstX`, `firstX + 1`, ... (a per-second series).
    public init(name: String, color: String, values: [Double], firstX: Double = 1) {
        self.init(name: name, color: color, points: values.enumerated().map {
            ChartPoint(x: firstX + Double($0.offset), y: $0.element)
        })
    }

    var safeColor: String {
        let isHex = color.first == "#" && [4, 7].contains(color.count) && color.dropFirst().allSatisfy(\.isHexDigit)
        let isName = !color.isEmpty && color.count <= 20 && color.allSatisfy { $0.isASCII && $0.isLetter }
        return isHex || isName ? color : "gray"
    }
}

public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A vertical line across the plot at `x`, labelled (e.g. a fault injected at that second).
public struct ChartMarker: Sendable, Equatable {
    public var x: Double
    public var label: String

    public init(x: Double, label: String) {
        self.x = x
        self.label = label
    }
}
