import KQLColumns
import KQLRegex

extension Executor {
    /// `parse-kv`, batch by batch as the input streams.
    func parseKvStream(_ n: LogicalPlan.ParseKv) throws -> BatchStream {
        let source = try stream(n.input)
        return BatchStream {
            guard let group = try source.next() else { return nil }
            return group.filter { $0.count > 0 }.map { parseKv($0, n) }
        }
    }

    /// Each row's listed keys, converted to their declared types: a value that does not convert
    /// is null, and so is a key the text lacks ("" for a string key), as the page's Returns says.
    func parseKv(_ b: Batch, _ spec: LogicalPlan.ParseKv) -> Batch {
        let src = evaluate(spec.source, b)
        var builders = spec.columns.map { ColumnBuilder(type: $0.type, capacity: b.count) }
        for r in 0..<b.count {
            let found = spec.extractor.extract(Array(kqlString(src.value(at: r)).utf8))
            for (j, c) in spec.columns.enumerated() {
                guard j < found.count, let bytes = found[j] else { builders[j].appendNull(); continue }
                let text = String(decoding: bytes, as: UTF8.self)
                builders[j].append(c.type == .string ? .string(text) : convertExtracted(text, to: c.type))
            }
        }
        var cols = b.columns
        while cols.count < spec.schema.fields.count { cols.append(Column.repeating(.null(.long), count: b.count, type: .long)) }
        for (j, c) in spec.columns.enumerated() { cols[c.output] = builders[j].finish() }
        return Batch(columns: cols, count: b.count)
    }
}

/// A parse-kv `quote=`: its opening and closing characters (the same for a one-character quote).
struct KeyValueQuote {
    var open: [UInt8]
    var close: [UInt8]
}

/// Finds the listed keys' values in a text, as parse-kv-operator.md describes its three modes.
///
/// Shared rules (the page's Returns notes): only the listed keys are kept, the first appearance
/// of a key wins, and leading and trailing white space of keys and values is dropped. A key or
/// value may be wrapped in one of the `quotes` (the delimiters inside it are then text, an
/// `escapes` character takes the next character literally, and the text is kept as quoted); a
/// quote that is never closed is an ordinary character.
///
/// - `delimited`: pairs are separated by the pair delimiter (empty pairs and white space between
///   pairs are skipped), and a pair's key ends at the first kv delimiter; a segment without one
///   is not a pair. An unquoted value ends at the next pair delimiter, or with `greedy` at the
///   first pair delimiter followed by another key (text and a kv delimiter before the next pair
///   delimiter), else at the end: the page's `name=John Doe phone=555 5555` example.
/// - `words`: letters and digits (Unicode's) make words, every other character separates them;
///   a listed key's value is the word or quoted text that follows it. A listed key that itself
///   holds separators (`['event time']`, `user_id`) is recognised as a whole where its text
///   stands between separators (beyond the page, which has such keys only in the other modes).
/// - `regex`: each match of the two-group regex, left to right, is a pair (key, value).
///
/// Works on UTF-8 bytes; every index is checked, so no input can make it trap.
struct KeyValueExtractor {
    var mode: KeyValueMode
    /// The listed keys' names, in the order of the plan's columns.
    var keys: [[UInt8]]
    var quotes: [KeyValueQuote]
    var escapes: [[UInt8]]

    /// The value of each key, in `keys` order; nil where the text lacks the key.
    func extract(_ s: [UInt8]) -> [[UInt8]?] {
        var out = [[UInt8]?](repeating: nil, count: keys.count)
        if keys.isEmpty { return out }
        var missing = keys.count
        /// Records `value` for `key` if it is listed and not found yet; true once every key is found.
        func offer(_ key: ArraySlice<UInt8>, _ value: [UInt8]) -> Bool {
            if let i = keys.indices.first(where: { out[$0] == nil && keys[$0].elementsEqual(key) }) {
                out[i] = value
                missing -= 1
            }
            return missing == 0
        }
        let scan = KeyValueScan(s: s, quotes: quotes, escapes: escapes)
        switch mode {
        case .delimited(let pair, let kv, let greedy):
            scan.delimited(pair: pair, kv: kv, greedy: greedy, offer)
        case .words:
            scan.words(keys: keys, offer)
        case .regex(let re):
            s.withUnsafeBufferPointer { buf in
                for m in re.allMatches(buf) {
                    guard m.count > 2, let k = m[1], let v = m[2] else { continue }
                    if offer(scan.trimmed(k.lowerBound, k.upperBound), Array(scan.trimmed(v.lowerBound, v.upperBound))) { break }
                }
            }
        }
        return out
    }
}

/// One text being scanned by `KeyValueExtractor`.
///
/// Every scan is linear in the text: a quote's scan is remembered (where it started, where it
/// closed or that it never did, and the positions inside its escape sequences), so a later quote
/// opening inside the same stretch reuses it instead of scanning to the same end again; and the
/// greedy look-ahead resumes after the text it has already ruled out. Hostile texts (thousands of
/// unclosed quotes, runs of delimiters) therefore cannot make a row quadratic.
private final class KeyValueScan {
    let s: [UInt8]
    let quotes: [KeyValueQuote]
    let escapes: [[UInt8]]
    var n: Int { s.count }
    /// Per quote, its last scan: content from `from`, closing quote at `close` (nil: never
    /// closed), and the positions inside escape sequences, where a scan would start differently.
    private var lastScan: [Int: (from: Int, close: Int?, inner: Set<Int>)] = [:]

    init(s: [UInt8], quotes: [KeyValueQuote], escapes: [[UInt8]]) {
        self.s = s; self.quotes = quotes; self.escapes = escapes
    }

    /// Whether `needle` (non-empty) is at `i`.
    func at(_ needle: [UInt8], _ i: Int) -> Bool {
        guard !needle.isEmpty, i >= 0, needle.count <= n - i else { return false }
        for k in 0..<needle.count where s[i + k] != needle[k] { return false }
        return true
    }

    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    /// `s[lo..<hi]` without leading and trailing white space.
    func trimmed(_ lo: Int, _ hi: Int) -> ArraySlice<UInt8> {
        var a = Swift.max(0, lo), b = Swift.min(n, hi)
        while a < b, isSpace(s[a]) { a += 1 }
        while b > a, isSpace(s[b - 1]) { b -= 1 }
        return a < b ? s[a..<b] : []
    }

    /// The length of the UTF-8 sequence a byte starts (1 for a stray continuation byte).
    func sequenceLength(_ c: UInt8) -> Int {
        c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
    }

    /// A quoted text starting at `i`: its content (escapes resolved) and the index after the
    /// closing quote; nil when no quote opens at `i` or it is never closed.
    func quoted(_ i: Int) -> (text: [UInt8], end: Int)? {
        guard let (qi, from, known) = quoteStart(i) else { return nil }
        if case .some(nil) = known { return nil }
        return scan(qi, from: from, text: true)
    }

    /// Where the quoted text starting at `i` ends (after its closing quote); nil as for `quoted`.
    func quotedEnd(_ i: Int) -> Int? {
        guard let (qi, from, known) = quoteStart(i) else { return nil }
        if let known { return known }
        return scan(qi, from: from, text: false)?.end
    }

    /// The quote opening at `i` (the first listed that does), where its content starts, and the
    /// end an earlier scan already found for that content: `.some(nil)` when it never closes.
    private func quoteStart(_ i: Int) -> (Int, Int, Int??)? {
        guard let qi = quotes.indices.first(where: { at(quotes[$0].open, i) }) else { return nil }
        let from = i + quotes[qi].open.count
        // From any position the last scan passed through at a character boundary, a scan goes on
        // exactly as that one did.
        if let last = lastScan[qi], from >= last.from, from <= (last.close ?? n), !last.inner.contains(from) {
            guard let close = last.close else { return (qi, from, .some(nil)) }
            if from < close || at(quotes[qi].close, from) { return (qi, from, .some(close + quotes[qi].close.count)) }
        }
        return (qi, from, nil)
    }

    /// Scans quote `qi`'s content from `from` and remembers the scan.
    private func scan(_ qi: Int, from: Int, text wantText: Bool) -> (text: [UInt8], end: Int)? {
        let q = quotes[qi]
        var j = from
        var text: [UInt8] = []
        var inner = Set<Int>()
        while j < n {
            // An escape takes the next character as it is; an escape that is also the closing
            // quote escapes only a doubled quote (`''`), else it closes.
            if let e = escapes.first(where: { at($0, j) }), e != q.close || at(q.close, j + e.count) {
                let k = j + e.count
                if k < n {
                    let end = Swift.min(n, k + sequenceLength(s[k]))
                    if wantText { text.append(contentsOf: s[k..<end]) }
                    for x in (j + 1)..<end { inner.insert(x) }
                    j = end
                    continue
                }
            }
            if at(q.close, j) {
                lastScan[qi] = (from, j, inner)
                return (text, j + q.close.count)
            }
            if wantText { text.append(s[j]) }
            j += 1
        }
        lastScan[qi] = (from, nil, inner)
        return nil
    }

    /// The index of the first character from `i` that is not white space, stopping at a pair delimiter.
    func skipSpaces(_ i: Int, pair: [UInt8]) -> Int {
        var j = i
        while j < n, isSpace(s[j]), !at(pair, j) { j += 1 }
        return j
    }

    /// The "specified delimiter" form.
    func delimited(pair: [UInt8], kv: [UInt8], greedy: Bool, _ offer: (ArraySlice<UInt8>, [UInt8]) -> Bool) {
        /// Whether a key and a kv delimiter start at `i` (after white space and empty pairs), and
        /// the position after those: a pair delimiter up to there leads to the same answer.
        func startsPair(_ i: Int) -> (Bool, Int) {
            var j = i
            while j < n {
                if at(pair, j) { j += pair.count } else if isSpace(s[j]) { j += 1 } else { break }
            }
            if j >= n { return (false, j) }
            if let end = quotedEnd(j) { return (at(kv, skipSpaces(end, pair: pair)), j) }
            var k = j
            while k < n, !at(kv, k), !at(pair, k) { k += 1 }
            return (k > j && at(kv, k), j)
        }
        var i = 0
        while i < n {
            // White space and empty pairs before a key.
            while i < n {
                if at(pair, i) { i += pair.count } else if isSpace(s[i]) { i += 1 } else { break }
            }
            if i >= n { break }
            let key: ArraySlice<UInt8>
            if let q = quoted(i) {
                key = ArraySlice(q.text)
                i = q.end
                let j = skipSpaces(i, pair: pair)
                if at(kv, j) { i = j }
            } else {
                var j = i
                while j < n, !at(kv, j), !at(pair, j) { j += 1 }
                key = trimmed(i, j)
                i = j
            }
            guard at(kv, i) else {
                // Not a pair (no kv delimiter before the next pair delimiter): skip it.
                while i < n, !at(pair, i) { i += 1 }
                continue
            }
            i = skipSpaces(i + kv.count, pair: pair)
            let value: [UInt8]
            if let q = quoted(i) {
                value = q.text
                i = q.end
                while i < n, !at(pair, i) { i += 1 }
            } else {
                var j = i
                var end = n
                while j < n {
                    if at(pair, j) {
                        if !greedy { end = j; break }
                        let (next, resume) = startsPair(j + pair.count)
                        if next { end = j; break }
                        j = Swift.max(resume, j + pair.count)
                    } else {
                        j += 1
                    }
                }
                value = Array(trimmed(i, end))
                i = end
            }
            if offer(key, value) { return }
        }
    }

    /// Whether the character at `i` is a letter or a digit, and its length in bytes.
    func wordCharacter(_ i: Int) -> (isWord: Bool, length: Int) {
        guard i >= 0, i < n else { return (false, 1) }
        let c = s[i]
        if c < 0x80 {
            let lower = c | 0x20
            return ((c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7A), 1)
        }
        let len = sequenceLength(c)
        guard len > 1, len <= n - i else { return (false, 1) }
        var v = UInt32(c) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
        for k in 1..<len { v = (v << 6) | (UInt32(s[i + k]) & 0x3F) }
        guard let scalar = Unicode.Scalar(v) else { return (false, len) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return (true, len)
        default:
            return (false, len)
        }
    }

    /// The "nonspecified delimiter" form: words and quoted texts, a listed key's value the next one.
    func words(keys: [[UInt8]], _ offer: (ArraySlice<UInt8>, [UInt8]) -> Bool) {
        // Keys tried longest first, so `event time` wins over `event`.
        let byLength = keys.indices.filter { !keys[$0].isEmpty }.sorted { keys[$0].count > keys[$1].count }
        var pendingKey: ArraySlice<UInt8>? = nil
        var i = 0
        var afterWord = false
        /// Handles one token; true once every key is found.
        func token(_ t: ArraySlice<UInt8>, isKey: Bool) -> Bool {
            if let k = pendingKey {
                pendingKey = nil
                return offer(k, Array(t))
            }
            if isKey { pendingKey = t }
            return false
        }
        while i < n {
            if let q = quoted(i) {
                let t = ArraySlice(q.text)
                if token(t, isKey: keys.contains { $0.elementsEqual(t) }) { return }
                i = q.end
                afterWord = false
                continue
            }
            if !afterWord, let k = byLength.first(where: { at(keys[$0], i) && !wordCharacter(i + keys[$0].count).isWord }) {
                let end = i + keys[k].count
                if token(s[i..<end], isKey: true) { return }
                var last = end - 1
                while last > i, s[last] & 0xC0 == 0x80 { last -= 1 }
                afterWord = wordCharacter(last).isWord
                i = end
                continue
            }
            let (isWord, length) = wordCharacter(i)
            if isWord {
                var j = i + length
                while j < n {
                    let (w, l) = wordCharacter(j)
                    if !w { break }
                    j += l
                }
                let t = s[i..<j]
                if token(t, isKey: keys.contains { $0.elementsEqual(t) }) { return }
                afterWord = true
                i = j
            } else {
                afterWord = false
                i += length
            }
        }
    }
}
