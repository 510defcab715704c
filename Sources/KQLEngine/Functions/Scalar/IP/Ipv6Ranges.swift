import KQLColumns

// ipv6_is_in_range and ipv6_is_in_any_range (their pages): the address (IPv6, or IPv4 as
// ::ffff:a.b.c.d, parsed by `ipv6` in Ipv6Functions.swift) is in a range when its bits under the
// range's prefix equal the range's. Null when the address or the range is not an address; for the
// list form, as ipv4_is_in_any_range decides: null when no range matches and one is not an address.

let ipv6IsInRangeFunction = rowFunction(
    "ipv6_is_in_range", fn([p("Ipv6Address", .type(.string)), p("Ipv6Range", .type(.string))], .fixed(.bool)),
    summary: "Whether an IPv6/IPv4 address lies in an IPv6 range (IP-prefix notation); null when either is not an address.",
    kernel: { args in
        guard let a = ipv6(args[0]), let r = ipv6(args[1]) else { return .null(.bool) }
        let m = ipv6Mask(r.prefix)
        return .bool(a.address & m == r.address & m)
    })

let ipv6IsInAnyRangeFunction = rowFunction(
    "ipv6_is_in_any_range", anyOverloads("Ipv6Address", "Ipv6Ranges"),
    summary: "Whether an IPv6/IPv4 address lies in any of the IPv6 ranges (string arguments or a dynamic array); null when one is not an address.",
    kernel: { args in
        guard let a = ipv6(unwrapDynamicScalar(args[0])) else { return .null(.bool) }
        var invalid = false
        for r in listValues(args.dropFirst()) {
            guard let range = ipv6(unwrapDynamicScalar(r)) else { invalid = true; continue }
            let m = ipv6Mask(range.prefix)
            if a.address & m == range.address & m { return .bool(true) }
        }
        return invalid ? .null(.bool) : .bool(false)
    })
