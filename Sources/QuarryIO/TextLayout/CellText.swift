/// Makes a value's text safe to show in one terminal cell: a cell is one line, and text from the
/// data (an attacker's command line, a log message) must not move the cursor, change colours or
/// reorder what is drawn.
public enum CellText {
    /// `\n`, `\r`, `\t` for those three; `\u{1b}`-style escapes for the other C0 and C1 controls,
    /// DEL, the line and paragraph separators and the bidirectional controls (U+061C, U+200E–F,
    /// U+202A–E, U+2066–9: "Trojan Source" text would otherwise display reordered). A backslash
    /// is not doubled: Windows paths stay readable, at the price that a literal `\n` (backslash,
    /// n) in the data looks like an escaped line break.
    public static func escape(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for u in s.unicodeScalars {
            guard needsEscape(u) else { out.unicodeScalars.append(u); continue }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(u.value, radix: 16) + "}"
            }
        }
        return out
    }

    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return true }
        guard v >= 0x61C else { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (0x2028...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
