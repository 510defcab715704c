import CByteScan
import KQLColumns

/// Finds the lines of a JSON Lines file that may hold a record passing the pushed-down string
/// equalities, so that the others are skipped without being parsed.
///
/// Why skipping is exact: for `column == "text"` on a string column, a passing record holds its
/// value either as the JSON string `"text"` — whose bytes contain `text` verbatim — or as a
/// number or `true`/`false` written as that very text. JSON could also spell the string with
/// escapes, but when `text` has no quote, backslash, slash or control byte, the only escape that
/// can stand for one of its characters is `\u`. So a line that contains neither `text` nor a
/// `\u` escape cannot hold a passing record. Texts that could also be an object's or array's
/// rendering (starting with `{` or `[`) are not used. Raw line breaks never occur inside a JSON
/// Lines record, so lines are records (or runs of records).
///
/// The lines skipped are not parsed at all: errors in them are not seen (the answer cannot
/// depend on them). See `TableReader+Scan.swift` for the reader's whole bad-input contract.
struct JSONLinePrefilter {
    /// The texts every candidate line must contain; the longest first (it anchors the search).
    let texts: [[UInt8]]

    /// A prefilter for the string equalities among `predicates` whose column the builder holds as
    /// a string column, or nil when there is none.
    static func make(_ predicates: [ScanPredicate], builder: TableBuilder) -> JSONLinePrefilter? {
        var texts: [[UInt8]] = []
        for p in predicates where p.op == .equal {
            guard case .string(let s) = p.value, let i = builder.index[p.column],
                  builder.sinks[i].kind == .typed(.string) else { continue }
            let t = Array(s.utf8)
            guard let first = t.first, first != UInt8(ascii: "{"), first != UInt8(ascii: "["),
                  !t.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") })
            else { continue }
            texts.append(t)
        }
        guard !texts.isEmpty else { return nil }
        return JSONLinePrefilter(texts: texts.sorted { $0.count > $1.count })
    }

    /// The first line at or after `from` (a line start) that may hold a passing record, as the
    /// range of its bytes without the line break; nil when no line before `end` may.
    func nextCandidate(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Range<Int>? {
        let p = bytes.baseAddress!
        let n = Int64(end)
        var cursor = from
        while cursor < end {
            let anchor = texts[0].withUnsafeBufferPointer { Int(qs_find(p, n, Int64(cursor), $0.baseAddress!, Int64($0.count))) }
            let escape = Int(qs_find_json_u_escape(p, Int64(anchor), Int64(cursor)))
            let viaEscape = escape < anchor
            let hit = min(anchor, escape)
            if hit >= end { return nil }
            let lineStart = Int(qs_find_last_byte(p, Int64(cursor), Int64(hit), 0x0A)) + 1
            let lineEnd = Int(qs_find_byte(p, n, Int64(hit), 0x0A))
            let start = max(lineStart, cursor)
            if viaEscape || holdsOtherTexts(p, start, lineEnd) { return start..<lineEnd }
            cursor = lineEnd + 1
        }
        return nil
    }

    /// Whether the line holds every text after the anchor, or a `\u` escape.
    private func holdsOtherTexts(_ p: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
        for t in texts.dropFirst() {
            let at = t.withUnsafeBufferPointer { Int(qs_find(p, Int64(hi), Int64(lo), $0.baseAddress!, Int64($0.count))) }
            if at >= hi { return qs_find_json_u_escape(p, Int64(hi), Int64(lo)) < hi }
        }
        return true
    }
}
