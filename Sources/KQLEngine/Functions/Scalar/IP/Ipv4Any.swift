import KQLColumns

// ipv4_is_in_any_range, has_any_ipv4, has_any_ipv4_prefix (their docs pages): the "any of a list" forms
// take the list as further string arguments or as one dynamic array.

/// Overloads `f(first, value, value, ...)` and `f(first, dynamic array)`.
func anyOverloads(_ first: String, _ values: String) -> [Overload] {
    [Overload([p(first, .stringOrDynamic)], repeating: Repeat(params: [p(values, .type(.string))], min: 1, max: 10_000), .fixed(.bool)),
     Overload([p(first, .stringOrDynamic), p(values, .type(.dynamic))], .fixed(.bool))]
}

/// The list arguments as values: the elements of a dynamic array argument (a non-array dynamic is
/// one value), else the string arguments.
func listValues(_ args: ArraySlice<Value>) -> [Value] {
    if args.count == 1, case .dynamic = args[args.startIndex] {
        if let a = dynamicArray(args[args.startIndex]) { return a.map { .dynamic($0) } }
        return [args[args.startIndex]]
    }
    return Array(args)
}

/// A plain dotted quad (no /prefix) given as text; nil otherwise.
private func exactIPv4(_ v: Value) -> UInt32? {
    switch v {
    case .string(let s), .dynamic(.string(let s)):
        guard !s.contains("/"), let p = ipv4(.string(s)) else { return nil }
        return p.address
    default: return nil
    }
}

/// True when the address is in one of the ranges; null when the address or a range (none matching) is not IPv4.
let ipv4IsInAnyRangeFunction = rowFunction(
    "ipv4_is_in_any_range", anyOverloads("ipv4Address", "ipv4Ranges"),
    summary: "Whether an IPv4 address lies in any of the IPv4 ranges (string arguments or a dynamic array); null when one is not IPv4.",
    kernel: { args in
        guard let a = ipv4(args[0]) else { return .null(.bool) }
        var invalid = false
        for r in listValues(args.dropFirst()) {
            guard case .string = unwrapDynamicScalar(r), let range = ipv4(r) else { invalid = true; continue }
            let m = ipv4Mask(range.prefix)
            if a.address & m == range.address & m { return .bool(true) }
        }
        return invalid ? .null(.bool) : .bool(false)
    })

let hasAnyIpv4Function = rowFunction(
    "has_any_ipv4", anyOverloads("source", "ip_address"),
    summary: "Whether any of the IPv4 addresses appears in a text, delimited by non-alphanumeric characters; invalid addresses never match.",
    kernel: { args in
        let wanted = Set(listValues(args.dropFirst()).compactMap(exactIPv4))
        guard !wanted.isEmpty else { return .bool(false) }
        return .bool(ipv4Tokens(kqlString(args[0])).contains { exactIPv4(.string($0)).map(wanted.contains) ?? false })
    })

/// A valid prefix: a full address, or 1 to 3 octets each ending with '.'.
private func validIPv4Prefix(_ prefix: String) -> Bool {
    if exactIPv4(.string(prefix)) != nil { return true }
    guard prefix.hasSuffix(".") else { return false }
    let parts = prefix.dropLast().split(separator: ".", omittingEmptySubsequences: false)
    return (1...3).contains(parts.count)
        && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.utf8.allSatisfy { (48...57).contains($0) } && (Int($0) ?? 256) <= 255 }
}

let hasAnyIpv4PrefixFunction = rowFunction(
    "has_any_ipv4_prefix", anyOverloads("source", "ip_address_prefix"),
    summary: "Whether a valid IPv4 address starting with any of the prefixes (full addresses, or 1 to 3 octets ending with '.') appears in a text.",
    kernel: { args in
        let prefixes = listValues(args.dropFirst()).compactMap { v -> String? in
            guard case .string(let s) = unwrapDynamicScalar(v), validIPv4Prefix(s) else { return nil }
            return s
        }
        guard !prefixes.isEmpty else { return .bool(false) }
        return .bool(ipv4Tokens(kqlString(args[0])).contains { t in
            exactIPv4(.string(t)) != nil && prefixes.contains { t == $0 || ($0.hasSuffix(".") && t.hasPrefix($0)) }
        })
    })
