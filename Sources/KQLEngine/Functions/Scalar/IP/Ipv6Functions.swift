import KQLColumns

/// (address, prefix) of IPv6 or IPv4 text with an optional /prefix, as IPv6 (ipv6-compare-function.md,
/// parse-ipv6-function.md): IPv4 `a.b.c.d[/p]` maps to ::ffff:a.b.c.d with prefix 96 + p, and so
/// does the embedded form `::a.b.c.d[/p]` (or `::ffff:a.b.c.d[/p]`): its prefix is IPv4's, as the docs'
/// examples show (`::192.168.255.255/24` is masked to 120 bits). Other IPv6 text takes a prefix of
/// 0…128 (128 when absent). Nil when the text is not an address.
func ipv6(_ v: Value) -> (address: UInt128, prefix: Int)? {
    guard case .string(let text) = v else { return nil }
    var s = Substring(text)
    var prefix: Int? = nil
    if let slash = s.firstIndex(of: "/") {
        let p = s[s.index(after: slash)...]
        guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(p) else { return nil }
        prefix = n
        s = s[..<slash]
    }
    if let v4 = plainDottedIPv4(s) {
        let p = prefix ?? 32
        guard p <= 32 else { return nil }
        return ((UInt128(0xFFFF) << 32) | UInt128(v4), 96 + p)
    }
    guard let (address, embeddedV4) = parseIPv6Text(s) else { return nil }
    if embeddedV4, address >> 32 == 0 || address >> 32 == 0xFFFF {
        // ::a.b.c.d or ::ffff:a.b.c.d: an IPv4 address, with an IPv4 prefix.
        let p = prefix ?? 32
        guard p <= 32 else { return nil }
        return ((UInt128(0xFFFF) << 32) | (address & 0xFFFF_FFFF), 96 + p)
    }
    let p = prefix ?? 128
    guard p <= 128 else { return nil }
    return (address, p)
}

/// `a.b.c.d`, each part 0…255 in decimal without a sign; nil otherwise.
private func plainDottedIPv4(_ s: Substring) -> UInt32? {
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var v: UInt32 = 0
    for part in parts {
        guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt32(part), n <= 255 else { return nil }
        v = v << 8 | n
    }
    return v
}

/// IPv6 text (RFC 4291: eight groups, at most one `::`, an optional trailing dotted IPv4) as 128
/// bits, and whether it ended in a dotted IPv4.
private func parseIPv6Text(_ s: Substring) -> (UInt128, Bool)? {
    guard s.count >= 2, s.count <= 45 else { return nil }
    var embedded = false
    /// The 16-bit groups of `x` (a trailing dotted IPv4 counts as two).
    func groups(_ x: Substring) -> [UInt16]? {
        if x.isEmpty { return [] }
        var out: [UInt16] = []
        let gs = x.split(separator: ":", omittingEmptySubsequences: false)
        for (i, g) in gs.enumerated() {
            if i == gs.count - 1, g.contains(".") {
                guard let v4 = plainDottedIPv4(g) else { return nil }
                out.append(UInt16(v4 >> 16)); out.append(UInt16(v4 & 0xFFFF))
                embedded = true
                continue
            }
            guard !g.isEmpty, g.count <= 4, let n = UInt16(g, radix: 16) else { return nil }
            out.append(n)
        }
        return out
    }
    let all: [UInt16]
    if let r = s.range(of: "::") {
        let left = s[..<r.lowerBound], right = s[r.upperBound...]
        guard !right.contains("::"), !left.contains("."), let h = groups(left), let t = groups(right), h.count + t.count <= 7 else { return nil }
        all = h + Array(repeating: 0, count: 8 - h.count - t.count) + t
    } else {
        guard let g = groups(s), g.count == 8 else { return nil }
        all = g
    }
    var v: UInt128 = 0
    for g in all { v = v << 16 | UInt128(g) }
    return (v, embedded)
}

@inline(__always) func ipv6Mask(_ prefix: Int) -> UInt128 { prefix <= 0 ? 0 : UInt128.max << UInt128(128 - min(128, prefix)) }

/// `0000:0000:…:ffff` — eight groups of four lowercase hex digits.
func canonicalIPv6(_ v: UInt128) -> String {
    (0..<8).map { i -> String in
        let g = String(UInt16(truncatingIfNeeded: v >> UInt128(16 * (7 - i))), radix: 16)
        return String(repeating: "0", count: 4 - g.count) + g
    }.joined(separator: ":")
}

/// Both addresses masked by the smallest of their prefixes and the optional explicit prefix (0…128).
private func maskedPair6(_ args: [Value]) -> (UInt128, UInt128)? {
    guard let a = ipv6(args[0]), let b = ipv6(args[1]) else { return nil }
    var p = min(a.prefix, b.prefix)
    if args.count == 3 { guard let x = integerValue(args[2]), (0...128).contains(x) else { return nil }; p = min(p, Int(x)) }
    let m = ipv6Mask(p)
    return (a.address & m, b.address & m)
}

let ipv6CompareFunction = rowFunction(
    "ipv6_compare", fn([p("ip1", .type(.string)), p("ip2", .type(.string)), opt("prefix", .integer)], .fixed(.long)),
    summary: "-1, 0 or 1 comparing two IPv6/IPv4 addresses under the combined prefix mask; null when either is not an address.",
    kernel: { args in maskedPair6(args).map { .long($0.0 == $0.1 ? 0 : ($0.0 < $0.1 ? -1 : 1)) } ?? .null(.long) })

let ipv6IsMatchFunction = rowFunction(
    "ipv6_is_match", fn([p("ip1", .type(.string)), p("ip2", .type(.string)), opt("prefix", .integer)], .fixed(.bool)),
    summary: "Whether two IPv6/IPv4 addresses are equal under the combined prefix mask; null when either is not an address.",
    kernel: { args in maskedPair6(args).map { .bool($0.0 == $0.1) } ?? .null(.bool) })

let parseIpv6Function = rowFunction(
    "parse_ipv6", fn([p("ip", .type(.string))], .fixed(.string)),
    summary: "An IPv6/IPv4 address (masked by its /prefix) in canonical IPv6 form; \"\" when it is not an address.",
    kernel: { args in ipv6(args[0]).map { .string(canonicalIPv6($0.address & ipv6Mask($0.prefix))) } ?? .string("") })

let parseIpv6MaskFunction = rowFunction(
    "parse_ipv6_mask", fn([p("ip", .type(.string)), p("prefix", .integer)], .fixed(.string)),
    summary: "An IPv6/IPv4 address masked by the smaller of its /prefix and prefix (0…128), in canonical IPv6 form; \"\" when invalid.",
    kernel: { args in
        guard let a = ipv6(args[0]), let x = integerValue(args[1]), (0...128).contains(x) else { return .string("") }
        return .string(canonicalIPv6(a.address & ipv6Mask(min(a.prefix, Int(x)))))
    })
