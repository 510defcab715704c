import Foundation

/// A small SVG writer: elements appended as text, numbers with two decimals, text escaped.
struct SVG {
    var width: Double
    var height: Double
    private(set) var body = ""

    init(width: Double, height: Double) { self.width = width; self.height = height }

    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.2f", r)
    }

    mutating func raw(_ s: String) { body += s; body += "\n" }

    mutating func text(_ s: String, x: Double, y: Double, cls: String, anchor: String = "start", rotate: Double? = nil,
                       extra: String = "") {
        let r = rotate.map { " transform=\"rotate(\(SVG.n($0)) \(SVG.n(x)) \(SVG.n(y)))\"" } ?? ""
        raw("<text class=\"\(cls)\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" text-anchor=\"\(anchor)\"\(r)\(extra)>\(Format.escape(s))</text>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) {
        raw("<line class=\"\(cls)\" x1=\"\(SVG.n(x1))\" y1=\"\(SVG.n(y1))\" x2=\"\(SVG.n(x2))\" y2=\"\(SVG.n(y2))\"/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cls: String, fill: String, tip: String? = nil) {
        let t = tip.map { "<title>\(Format.escape($0))</title>" } ?? ""
        raw("<rect class=\"\(cls)\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(max(0, w)))\" height=\"\(SVG.n(max(0, h)))\" fill=\"\(fill)\">\(t)</rect>")
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, cls: String, fill: String, tip: String? = nil) {
        let t = tip.map { "<title>\(Format.escape($0))</title>" } ?? ""
        raw("<circle class=\"\(cls)\" cx=\"\(SVG.n(x))\" cy=\"\(SVG.n(y))\" r=\"\(SVG.n(r))\" fill=\"\(fill)\">\(t)</circle>")
    }

    /// The document: a style block (so the SVG looks the same inline in HTML and on its own).
    func document(label: String) -> String {
        let w = SVG.n(width), h = SVG.n(height)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="quarry-chart" viewBox="0 0 \(w) \(h)" width="\(w)" height="\(h)" role="img" aria-label="\(Format.escape(label))">
        <style>
        .quarry-chart text { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; fill: #333; }
        .quarry-chart .title { font-size: 16px; font-weight: 600; }
        .quarry-chart .xtick, .quarry-chart .ytick { font-size: 11px; fill: #666; }
        .quarry-chart .xtitle, .quarry-chart .ytitle { font-size: 12px; fill: #444; }
        .quarry-chart .legend-label { font-size: 12px; }
        .quarry-chart .note { font-size: 11px; fill: #a05a00; }
        .quarry-chart .grid { stroke: #e6e6e6; stroke-width: 1; }
        .quarry-chart .axis { stroke: #999; stroke-width: 1; }
        .quarry-chart .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        .quarry-chart .area { stroke-width: 1.5; }
        .quarry-chart .anomaly { stroke: #fff; stroke-width: 1; }
        .quarry-chart .slice { stroke: #fff; stroke-width: 1.5; }
        .quarry-chart .card-value { font-size: 56px; font-weight: 600; fill: #1f3b5a; }
        .quarry-chart .card-label { font-size: 14px; fill: #666; }
        .quarry-chart .cell { font-size: 12px; }
        .quarry-chart .head { font-size: 12px; font-weight: 600; }
        .quarry-chart .message { font-size: 14px; fill: #777; }
        </style>
        <rect class="background" x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>
        \(body)</svg>
        """
    }
}
