import Testing
import CByteScan

/// The C record splitter against a plain, byte-at-a-time reference of the same rules, on random
/// records: quoted and unquoted fields, doubled quotes, CR/LF endings, empty fields, fields that
/// cross the splitter's 64-byte windows, records cut at the end of the buffer, and broken quotes.
@Suite struct CSVSplitterTests {
    struct Split: Equatable {
        var end: Int
        var spans: [[Int]]   // raw, rawEnd, lo, hi, escaped
    }

    static func reference(_ b: [UInt8], from start: Int) -> Split? {
        let n = b.count
        var pos = start
        var spans: [[Int]] = []
        func isDelim(_ c: UInt8) -> Bool { c == 0x2C || c == 0x0A || c == 0x0D }
        while true {
            let raw = pos
            var lo = pos, hi = pos, escaped = 0
            if pos < n, b[pos] == 0x22 {
                var i = pos + 1
                lo = i
                while true {
                    while i < n, b[i] != 0x22 { i += 1 }
                    if i >= n { return nil }
                    if i + 1 < n, b[i + 1] == 0x22 { escaped = 1; i += 2; continue }
                    break
                }
                hi = i
                pos = i + 1
                if pos < n, !isDelim(b[pos]) { return nil }
            } else {
                while pos < n, !isDelim(b[pos]) { pos += 1 }
                hi = pos
            }
            spans.append([raw, pos, lo, hi, escaped])
            if pos < n, b[pos] == 0x2C { pos += 1; continue }
            return Split(end: pos, spans: spans)
        }
    }

    static func split(_ b: [UInt8], from start: Int, maxSpans: Int) -> (Split?, Int) {
        var spans = [qs_csv_span](repeating: qs_csv_span(), count: maxSpans)
        var fields: Int64 = 0
        let end = b.withUnsafeBufferPointer { p in
            spans.withUnsafeMutableBufferPointer { s in
                Int(qs_csv_split(p.baseAddress!, Int64(p.count), Int64(start), s.baseAddress!, Int64(maxSpans), &fields))
            }
        }
        guard end >= 0 else { return (nil, 0) }
        let kept = spans.prefix(min(Int(fields), maxSpans)).map { [Int($0.raw), Int($0.raw_end), Int($0.lo), Int($0.hi), Int($0.escaped)] }
        return (Split(end: end, spans: kept), Int(fields))
    }

    /// A deterministic generator (xorshift), so a failure reproduces.
    struct Rng {
        var s: UInt64
        mutating func next(_ bound: Int) -> Int {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17
            return Int(s % UInt64(bound))
        }
    }

    static func randomRecords(_ rng: inout Rng) -> [UInt8] {
        var out: [UInt8] = []
        let alphabet = Array("ab ,\"\r\n.\\".utf8)
        for _ in 0..<(1 + rng.next(6)) {
            let fields = 1 + rng.next(30)
            for f in 0..<fields {
                if f > 0 { out.append(0x2C) }
                let len = rng.next(10) == 0 ? rng.next(200) : rng.next(12)
                if rng.next(3) == 0 {
                    out.append(0x22)
                    for _ in 0..<len {
                        let c = alphabet[rng.next(alphabet.count)]
                        out.append(c)
                        if c == 0x22 { out.append(0x22) }
                    }
                    if rng.next(40) != 0 { out.append(0x22) }          // sometimes never closed
                    if rng.next(40) == 0 { out.append(UInt8(ascii: "x")) }   // text after the quote
                } else {
                    for _ in 0..<len {
                        var c = alphabet[rng.next(alphabet.count)]
                        if c == 0x2C || c == 0x0A || c == 0x0D { c = UInt8(ascii: "z") }
                        if c == 0x22, out.last == 0x2C || out.isEmpty { c = UInt8(ascii: "q") }
                        out.append(c)
                    }
                }
            }
            out += rng.next(2) == 0 ? [0x0A] : [0x0D, 0x0A]
        }
        if rng.next(3) == 0 { out.removeLast(1 + rng.next(min(out.count, 20))) }   // cut short
        return out
    }

    @Test func agreesWithTheReference() {
        var rng = Rng(s: 0x9E37_79B9_7F4A_7C15)
        var records = 0
        for _ in 0..<3_000 {
            let b = Self.randomRecords(&rng)
            var pos = 0
            while pos < b.count {
                let ref = Self.reference(b, from: pos)
                for maxSpans in [0, 1, 3, 7, 64] {
                    let (got, fields) = Self.split(b, from: pos, maxSpans: maxSpans)
                    var want = ref
                    want?.spans = Array(ref?.spans.prefix(maxSpans) ?? [])
                    #expect(got == want, "at \(pos) of \(b)")
                    if let ref { #expect(fields == ref.spans.count) }
                }
                guard let ref else { break }
                records += 1
                pos = ref.end
                while pos < b.count, b[pos] == 0x0A || b[pos] == 0x0D { pos += 1 }
            }
        }
        #expect(records > 5_000)
    }

    /// Window edges: a comma ending one 64-byte window before a quote opening the next, and a
    /// quote starting a window in the middle of an unquoted field.
    @Test func windowEdges() {
        let cases: [(String, Int)] = [
            (String(repeating: "a", count: 63) + ",\"x,y\",z\n", 3),
            (String(repeating: "a", count: 64) + "\",b\n", 2),
            (String(repeating: "a", count: 62) + ",,\"q\"\"\n,\",w\r\n", 4),
            (String(repeating: ",", count: 130) + "\n", 131),
        ]
        for (text, count) in cases {
            let b = Array(text.utf8)
            for maxSpans in [0, 1, 2, 200] {
                let (got, fields) = Self.split(b, from: 0, maxSpans: maxSpans)
                #expect(fields == count, "\(text) with \(maxSpans) spans")
                let ref = Self.reference(b, from: 0)
                var want = ref
                want?.spans = Array(ref?.spans.prefix(maxSpans) ?? [])
                #expect(got == want)
            }
        }
    }

    @Test func searchKernels() {
        var rng = Rng(s: 12345)
        for _ in 0..<2_000 {
            let n = 1 + rng.next(300)
            let b = (0..<n).map { _ in Array("ab\\u\n".utf8)[rng.next(5)] }
            let needle = (0..<(1 + rng.next(4))).map { _ in Array("ab\\u".utf8)[rng.next(4)] }
            let from = rng.next(n)
            b.withUnsafeBufferPointer { p in
                let base = p.baseAddress!
                // qs_find: the first start at or after `from`.
                var want = n
                for i in stride(from: from, through: n - needle.count, by: 1) where Array(b[i..<i + needle.count]) == needle { want = i; break }
                let got = needle.withUnsafeBufferPointer { Int(qs_find(base, Int64(n), Int64(from), $0.baseAddress!, Int64(needle.count))) }
                #expect(got == want, "\(b) \(needle) from \(from)")
                // qs_find_json_u_escape: a u after an odd run of backslashes starting at or after `from`.
                var esc = n
                var i = from
                while i < n {
                    if b[i] == 0x5C {
                        var j = i
                        while j < n, b[j] == 0x5C { j += 1 }
                        if (j - i) % 2 == 1, j < n, b[j] == UInt8(ascii: "u") { esc = j; break }
                        i = j
                    } else { i += 1 }
                }
                #expect(Int(qs_find_json_u_escape(base, Int64(n), Int64(from))) == esc, "\(b) from \(from)")
                // Last-byte search.
                #expect(Int(qs_find_last_byte(base, Int64(from), Int64(n), 0x0A)) == (b[from..<n].lastIndex(of: 0x0A) ?? -1))
            }
        }
    }
}
