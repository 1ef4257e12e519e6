import Foundation

/// Bar charts drawn on the server as SVG: no JavaScript, printable, and each chart followed by
/// the same numbers as a table for screen readers. Labels pass through `Escape`.
enum SVGChart {
    struct Series: Sendable {
        var name: String
        var values: [Int]
        var colour: String
    }

    static let palette = ["#0b5cad", "#c0392b", "#2e8b57", "#b8860b", "#6a5acd"]

    static func bars(id: String, title: String, labels: [String], series: [Series], width: Int = 760) -> String {
        let esc = Escape.attribute
        let maxValue = max(1, series.flatMap(\.values).max() ?? 1)
        let left = 150, top = 30, rowHeight = 14 * max(1, series.count) + 8
        let height = top + rowHeight * labels.count + 30
        let plot = Double(width - left - 60)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"\(esc(id))-t\""
            + " viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        svg += "<title id=\"\(esc(id))-t\">\(esc(title))</title>"
        for (s, item) in series.enumerated() {
            let x = left + s * 160
            svg += "<rect x=\"\(x)\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(esc(item.colour))\"/>"
            svg += "<text x=\"\(x + 14)\" y=\"15\" font-size=\"11\">\(esc(item.name))</text>"
        }
        for (i, label) in labels.enumerated() {
            let y = top + i * rowHeight
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 11)\" font-size=\"11\" text-anchor=\"end\">\(esc(label))</text>"
            for (s, item) in series.enumerated() {
                let value = i < item.values.count ? item.values[i] : 0
                let w = Int((Double(value) / Double(maxValue) * plot).rounded())
                let by = y + s * 14
                svg += "<rect x=\"\(left)\" y=\"\(by)\" width=\"\(max(w, value > 0 ? 1 : 0))\" height=\"12\" fill=\"\(esc(item.colour))\"/>"
                svg += "<text x=\"\(left + w + 4)\" y=\"\(by + 10)\" font-size=\"10\">\(value)</text>"
            }
        }
        svg += "</svg>"
        return svg + table(id: id, title: title, labels: labels, series: series)
    }

    /// The chart's numbers as a table, visually hidden but read by screen readers.
    static func table(id: String, title: String, labels: [String], series: [Series]) -> String {
        let esc = Escape.attribute
        var html = "<table class=\"sr-only\" id=\"\(esc(id))-table\"><caption>\(esc(title))</caption><thead><tr><th></th>"
        html += series.map { "<th>\(esc($0.name))</th>" }.joined() + "</tr></thead><tbody>"
        for (i, label) in labels.enumerated() {
            html += "<tr><th>\(esc(label))</th>"
            html += series.map { "<td>\(i < $0.values.count ? $0.values[i] : 0)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }
}
