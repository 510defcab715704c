import KQLColumns

// format_ipv4, format_ipv4_mask, parse_ipv4_mask, ipv4_range_to_cidr_list (their docs pages).

/// An IPv4 given as text (with an optional /prefix) or as a number 0...2^32-1 (big-endian order).
func ipv4OrNumber(_ v: Value) -> (address: UInt32, prefix: Int)? {
    switch v {
    case .int, .long, .dynamic(.long):
        guard let x = integerValue(v), let a = UInt32(exactly: x) else { return nil }
        return (a, 32)
    case .string, .dynamic(.string): return ipv4(v)
    default: return nil
    }
}

/// The address masked by the smaller of its own prefix and `prefix` (0...32; nil outside it).
private func maskedIPv4(_ ip: Value, _ prefix: Value?) -> (address: UInt32, prefix: Int)? {
    guard let a = ipv4OrNumber(ip) else { return nil }
    var p = a.prefix
    if let prefix {
        guard let x = integerValue(prefix), (0...32).contains(x) else { return nil }
        p = min(p, Int(x))
    }
    return (a.address & ipv4Mask(p), p)
}

func ipv4Text(_ a: UInt32) -> String { "\(a >> 24).\(a >> 16 & 255).\(a >> 8 & 255).\(a & 255)" }

let formatIpv4Function = rowFunction(
    "format_ipv4", fn([p("ip", .oneOf([.string, .int, .long, .dynamic])), opt("prefix", .type(.long))], .fixed(.string)),
    summary: "An IPv4 address (text or a big-endian number) masked by the prefix, as text; empty when it is not IPv4 or the prefix is not 0 to 32.",
    kernel: { args in maskedIPv4(args[0], args.count > 1 ? args[1] : nil).map { .string(ipv4Text($0.address)) } ?? .string("") })

/// The docs page shows the prefix as optional; Kusto.Language declares it required, and so does Quarry.
let formatIpv4MaskFunction = rowFunction(
    "format_ipv4_mask", fn([p("ip", .oneOf([.string, .int, .long, .dynamic])), p("prefix", .type(.long))], .fixed(.string)),
    summary: "An IPv4 address (text or a big-endian number) masked by the prefix, in CIDR notation; empty when it is not IPv4 or the prefix is not 0 to 32.",
    kernel: { args in maskedIPv4(args[0], args[1]).map { .string("\(ipv4Text($0.address))/\($0.prefix)") } ?? .string("") })

let parseIpv4MaskFunction = rowFunction(
    "parse_ipv4_mask", fn([p("ip", .type(.string)), p("prefix", .type(.long))], .fixed(.long)),
    summary: "An IPv4 address masked by the prefix (0 to 32), as a long; null when it is not IPv4 or the prefix is out of range.",
    kernel: { args in maskedIPv4(args[0], args[1]).map { .long(Int64($0.address)) } ?? .null(.long) })

/// The fewest CIDR blocks covering start...end exactly (at most 62). Start and end must be plain
/// addresses (a /prefix gives null) with start <= end, else null (the docs are silent on both).
let ipv4RangeToCidrListFunction = rowFunction(
    "ipv4_range_to_cidr_list", fn([p("start_ip", .type(.string)), p("end_ip", .type(.string))], .fixed(.dynamic)),
    summary: "The list of CIDR ranges that exactly cover an IPv4 address range from start to end.", kernel: { args in
        guard !kqlString(args[0]).contains("/"), !kqlString(args[1]).contains("/"),
              let s = ipv4(args[0]), let e = ipv4(args[1]), s.address <= e.address else { return .dynamic(.null) }
        var out: [DynamicValue] = []
        var cur = UInt64(s.address)
        let end = UInt64(e.address)
        while cur <= end {
            // The largest block aligned at `cur` that does not pass `end`.
            var size: UInt64 = cur == 0 ? 1 << 32 : cur & (~cur + 1)
            while cur + size - 1 > end { size >>= 1 }
            out.append(.string("\(ipv4Text(UInt32(cur)))/\(32 - size.trailingZeroBitCount)"))
            cur += size
        }
        return .dynamic(.array(out))
    })
