import KQLColumns
import KQLRegex

/// A term character for `has`-family operators: ASCII letters and digits, and any non-ASCII byte
/// (Kusto splits terms on everything that is not alphanumeric).
@inline(__always) private func isTermByte(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0x80
}

/// Finds `needle` in `hay` (ASCII case folding when `ci`), calling `accept` on each match start
/// until it returns true.
@inline(__always) private func search(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, ci: Bool,
                                      _ accept: (Int) -> Bool) -> Bool {
    let n = needle.count, h = hay.count
    if n == 0 { return accept(0) }
    if n > h { return false }
    let first = ci ? asciiLower(needle[0]) : needle[0]
    var i = 0
    while i <= h - n {
        let c = ci ? asciiLower(hay[i]) : hay[i]
        if c == first {
            var j = 1
            if ci { while j < n && asciiLower(hay[i + j]) == asciiLower(needle[j]) { j += 1 } }
            else { while j < n && hay[i + j] == needle[j] { j += 1 } }
            if j == n && accept(i) { return true }
        }
        i += 1
    }
    return false
}

/// Evaluates a string predicate on one (haystack, needle) pair of UTF-8 buffers.
func stringPredicate(_ p: StringPredicate, _ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    let ci = !p.caseSensitive
    // Non-ASCII text under case folding: fall back to Unicode lowercasing on Strings.
    if ci && (!isASCII(hay) || !isASCII(needle)) {
        let h = Array(String(decoding: hay, as: UTF8.self).lowercased().utf8)
        let n = Array(String(decoding: needle, as: UTF8.self).lowercased().utf8)
        let cs = StringPredicate(kind: p.kind, caseSensitive: true, negated: p.negated)
        return h.withUnsafeBufferPointer { hb in n.withUnsafeBufferPointer { nb in stringPredicate(cs, hb, nb) } }
    }
    let r: Bool
    let n = needle.count, h = hay.count
    switch p.kind {
    case .contains:
        r = search(hay, needle, ci: ci) { _ in true }
    case .startsWith:
        r = n <= h && search(UnsafeBufferPointer(rebasing: hay[0..<n]), needle, ci: ci) { _ in true }
    case .endsWith:
        r = n <= h && search(UnsafeBufferPointer(rebasing: hay[(h - n)..<h]), needle, ci: ci) { _ in true }
    case .has, .hasPrefix, .hasSuffix:
        if n == 0 { r = true; break }
        let checkLeft = p.kind != .hasSuffix && isTermByte(needle[0])
        let checkRight = p.kind != .hasPrefix && isTermByte(needle[n - 1])
        r = search(hay, needle, ci: ci) { i in
            (!checkLeft || i == 0 || !isTermByte(hay[i - 1])) && (!checkRight || i + n == h || !isTermByte(hay[i + n]))
        }
    case .matchesRegex:
        r = false   // handled by the regex path
    }
    return r != p.negated
}

/// Column kernel: a string column (or scalar) against a needle (usually constant).
func stringPredicateKernel(_ p: StringPredicate, _ l: Datum, _ r: Datum, count: Int) -> Datum {
    if p.kind == .matchesRegex { return regexMatchKernel(p, l, r, count: count) }
    if case .column(let c) = l, case .string(let arr) = c.storage, case .scalar(let nv) = r {
        let needle = Array(kqlString(nv).utf8)
        var out = [Bool](repeating: false, count: count)
        arr.bytes.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { nb in
                for i in 0..<count {
                    let s = Int(arr.offsets[i]), e = Int(arr.offsets[i + 1])
                    out[i] = stringPredicate(p, UnsafeBufferPointer(rebasing: bytes[s..<e]), nb)
                }
            }
        }
        return .column(Column(.bool(out)))
    }
    return liftRow({ args in
        let h = Array(kqlString(args[0]).utf8), n = Array(kqlString(args[1]).utf8)
        return .bool(h.withUnsafeBufferPointer { hb in n.withUnsafeBufferPointer { nb in stringPredicate(p, hb, nb) } })
    }, [l, r], count: count, type: .bool)
}

private func regexMatchKernel(_ p: StringPredicate, _ l: Datum, _ r: Datum, count: Int) -> Datum {
    let constant: CompiledRegex? = { if case .scalar(let v) = r { return try? RegexCache.compiled(kqlString(v)) }; return nil }()
    if let re = constant, case .column(let c) = l, case .string(let arr) = c.plain.storage {
        var out = [Bool](repeating: false, count: count)
        re.withMatcher { m in
            arr.bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<count {
                    out[i] = m.matches(UnsafeBufferPointer(rebasing: bytes[Int(arr.offsets[i])..<Int(arr.offsets[i + 1])])) != p.negated
                }
            }
        }
        return .column(Column(.bool(out)))
    }
    return liftRow({ args in
        guard let re = constant ?? (try? RegexCache.compiled(kqlString(args[1]))) else { return .null(.bool) }
        let h = Array(kqlString(args[0]).utf8)
        let m = h.withUnsafeBufferPointer { re.matches($0) }
        return .bool(m != p.negated)
    }, [l, r], count: count, type: .bool)
}
