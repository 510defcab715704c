import KQLColumns

/// Text helpers shared by the SVG and text renderers (and an HTML page around them): escaping,
/// number and cell formatting.
public enum Format {
    /// Escapes text for XML/HTML content and attribute values (`&`, `<`, `>`, `"`, `'`), and drops
    /// the control characters XML 1.0 forbids (a cell may hold any string).
    public static func escape(_ s: String, keepNewlines: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n" where keepNewlines: out += "\n"
            case "\t" where keepNewlines: out += "\t"
            case "\t", "\n", "\r": out += " "
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// A number for an axis tick or a label: at most 4 significant decimals, thousands as K/M/B
    /// past 10,000 (`12.5K`), no trailing zeros.
    static func number(_ x: Double) -> String {
        if !x.isFinite { return x.isNaN ? "NaN" : (x < 0 ? "-∞" : "∞") }
        let a = abs(x)
        if a >= 1e4 {
            for (d, s) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where a >= d {
                return trimmed(x / d, 2) + s
            }
        }
        if a >= 100 { return trimmed(x, 1) }
        if a >= 1 || a == 0 { return trimmed(x, 2) }
        if a >= 0.001 { return trimmed(x, 4) }
        return "\(x)"
    }

    /// A value as it is read in a tooltip or a table: exact digits for numbers.
    static func exact(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    private static func trimmed(_ x: Double, _ decimals: Int) -> String {
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        let r = (x * p).rounded() / p
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        var s = "\(r)"
        if s.contains("e") { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A cell as text: Kusto's text for scalars (datetimes as ISO with 7 decimals), dynamic as JSON.
    public static func cell(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let x): return Swift.String(x)
        case .long(let x): return Swift.String(x)
        case .real(let x): return exact(x)
        case .decimal(let d): return d.description
        case .string(let s): return s
        case .datetime(let t): return DateTime.format(t)
        case .timespan(let t): return TimeSpan.format(t)
        case .guid(let g): return g.description
        case .dynamic(let d): return d == .null ? "" : JSON.serialize(d)
        }
    }

    /// A datetime for a label: `2007-01-05 06:00` (seconds only when not zero; no time at midnight
    /// when `dateOnly`).
    public static func date(_ ticks: Int64, dateOnly: Bool = false) -> String {
        let full = DateTime.format(ticks)   // yyyy-MM-ddTHH:mm:ss.fffffffZ
        let chars = Array(full)
        guard chars.count >= 19 else { return full }
        let day = Swift.String(chars[0..<10])
        let hm = Swift.String(chars[11..<16]), sec = Swift.String(chars[17..<19])
        if dateOnly { return day }
        if hm == "00:00" && sec == "00" { return day }
        return day + " " + hm + (sec == "00" ? "" : ":" + sec)
    }
}

/// Ten distinguishable colours (the Tableau 10 palette), cycled for more series.
enum Palette {
    static let colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
    static func color(_ i: Int) -> String { colors[((i % colors.count) + colors.count) % colors.count] }
    /// ANSI 256-colour codes close to `colors`, for the terminal chart.
    static let ansi = [67, 208, 167, 109, 71, 221, 139, 218, 137, 250]
    static func ansiColor(_ i: Int) -> Int { ansi[((i % ansi.count) + ansi.count) % ansi.count] }
}
