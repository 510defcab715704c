import KQLColumns

/// (address, prefix) of IPv4 text with an optional /prefix; nil when it is not IPv4.
func ipv4(_ v: Value) -> (address: UInt32, prefix: Int)? {
    var s = kqlString(v)
    return s.withUTF8 { parseIPv4($0) }
}

@inline(__always) func ipv4Mask(_ prefix: Int) -> UInt32 { prefix <= 0 ? 0 : UInt32.max << UInt32(32 - min(32, prefix)) }

/// Both addresses masked by the smallest of their prefixes and the optional explicit prefix.
private func maskedPair(_ args: [Value]) -> (UInt32, UInt32)? {
    guard let a = ipv4(args[0]), let b = ipv4(args[1]) else { return nil }
    var p = min(a.prefix, b.prefix)
    if args.count == 3 { guard let x = integerValue(args[2]), (0...32).contains(x) else { return nil }; p = min(p, Int(x)) }
    let m = ipv4Mask(p)
    return (a.address & m, b.address & m)
}

let ipv4IsMatchFunction = rowFunction(
    "ipv4_is_match", fn([p("ip1", .type(.string)), p("ip2", .type(.string)), opt("prefix", .integer)], .fixed(.bool)),
    summary: "Whether two IPv4 addresses are equal under the combined prefix mask; null when either is not IPv4.", kernel: { args in maskedPair(args).map { .bool($0.0 == $0.1) } ?? .null(.bool) })

let ipv4CompareFunction = rowFunction(
    "ipv4_compare", fn([p("ip1", .type(.string)), p("ip2", .type(.string)), opt("prefixMask", .integer)], .fixed(.int)),
    summary: "-1, 0 or 1 comparing two IPv4 addresses under the combined prefix mask; null when either is not IPv4.", kernel: { args in maskedPair(args).map { .int($0.0 == $0.1 ? 0 : ($0.0 < $0.1 ? -1 : 1)) } ?? .null(.int) })

let ipv4IsInRangeFunction = rowFunction(
    "ipv4_is_in_range", fn([p("ipv4Address", .type(.string)), p("ipv4Range", .type(.string))], .fixed(.bool)),
    summary: "Whether an IPv4 address lies in an IPv4 range in prefix notation; null when either is not IPv4.", kernel: { args in
        guard let a = ipv4(args[0]), let r = ipv4(args[1]) else { return .null(.bool) }
        let m = ipv4Mask(r.prefix)
        return .bool(a.address & m == r.address & m)
    })

let parseIpv4Function = rowFunction(
    "parse_ipv4", fn([p("ip", .type(.string))], .fixed(.long)),
    summary: "An IPv4 address (masked by its /prefix, if any) as a long; null when it is not IPv4.", kernel: { args in ipv4(args[0]).map { .long(Int64($0.address & ipv4Mask($0.prefix))) } ?? .null(.long) })

let ipv4NetmaskSuffixFunction = rowFunction(
    "ipv4_netmask_suffix", fn([p("ip", .type(.string))], .fixed(.int)),
    summary: "The /prefix of an IPv4 address (32 when absent); null when it is not IPv4.", kernel: { args in ipv4(args[0]).map { .int(Int32($0.prefix)) } ?? .null(.int) })

/// The IPv4-looking tokens of a text: maximal runs of digits and dots not touching letters or digits.
func ipv4Tokens(_ text: String) -> [String] {
    let b = Array(text.utf8)
    var out: [String] = []
    var i = 0
    func isAlnum(_ c: UInt8) -> Bool { (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) }
    while i < b.count {
        guard (48...57).contains(b[i]) || b[i] == 46 else { i += 1; continue }
        let start = i
        while i < b.count, (48...57).contains(b[i]) || b[i] == 46 { i += 1 }
        if start > 0, isAlnum(b[start - 1]) || b[start - 1] == UInt8(ascii: "_") { continue }
        if i < b.count, isAlnum(b[i]) || b[i] == UInt8(ascii: "_") { continue }
        var end = i
        while end > start, b[end - 1] == 46 { end -= 1 }
        out.append(String(decoding: b[start..<end], as: UTF8.self))
    }
    return out
}

/// A dotted quad without prefix.
private func plainIPv4(_ s: String) -> UInt32? {
    guard !s.contains("/"), let p = ipv4(.string(s)) else { return nil }
    return p.address
}

let hasIpv4Function = rowFunction(
    "has_ipv4", fn([p("source", .type(.string)), p("ip_address", .type(.string))], .fixed(.bool)),
    summary: "Whether a valid IPv4 address appears in a text, delimited by non-alphanumeric characters.", kernel: { args in
        guard let want = plainIPv4(kqlString(args[1])) else { return .bool(false) }
        return .bool(ipv4Tokens(kqlString(args[0])).contains { plainIPv4($0) == want })
    })

let hasIpv4PrefixFunction = rowFunction(
    "has_ipv4_prefix", fn([p("source", .type(.string)), p("ip_address_prefix", .type(.string))], .fixed(.bool)),
    summary: "Whether a valid IPv4 address starting with the prefix (a full address, or 1 to 3 octets ending with '.') appears in a text.",
    kernel: { args in
        let prefix = kqlString(args[1])
        let valid: Bool
        if plainIPv4(prefix) != nil { valid = true } else if prefix.hasSuffix(".") {
            let parts = prefix.dropLast().split(separator: ".", omittingEmptySubsequences: false)
            valid = (1...3).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) && (Int($0) ?? 256) <= 255 }
        } else { valid = false }
        guard valid else { return .bool(false) }
        return .bool(ipv4Tokens(kqlString(args[0])).contains { plainIPv4($0) != nil && ($0 == prefix || $0.hasPrefix(prefix) && prefix.hasSuffix(".")) })
    })

private extension Character { var isASCIIDigit: Bool { ("0"..."9").contains(self) } }
