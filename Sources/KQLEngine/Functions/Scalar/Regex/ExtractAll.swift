import KQLColumns
import KQLRegex

/// Which capture groups extract_all returns: indexes (1-based) or names, resolved against the regex.
private func resolveGroups(_ spec: [DynamicValue]?, _ re: CompiledRegex) -> [Int]? {
    guard let spec else { return Array(1...max(1, re.captureCount)).filter { $0 <= re.captureCount } }
    var out: [Int] = []
    for g in spec {
        switch g {
        case .long(let i) where i >= 1 && i <= Int64(re.captureCount): out.append(Int(i))
        case .string(let n): guard let i = re.groupIndex(named: n) else { return nil }; out.append(i)
        default: return nil
        }
    }
    return out.isEmpty ? nil : out
}

let extractAllFunction = ScalarFunction(
    name: "extract_all", aliases: ["extractall"],
    overloads: [Overload([p("regex", .type(.string)), p("source", .type(.string))], .fixed(.dynamic)),
                Overload([p("regex", .type(.string)), p("captureGroups", .type(.dynamic)), p("source", .type(.string))], .fixed(.dynamic))],
    summary: "All matches of a regex with 1 to 16 capture groups: an array of the group's values (one group) or of arrays (several); null when nothing matches.",
    bind: { site in
        let re = try site.constantRegex(0, "extract_all")
        let src = site.types.count - 1
        if let re, re.captureCount < 1 || re.captureCount > 16 {
            throw site.error("extract_all(): the regex must have between 1 and 16 capture groups, it has \(re.captureCount)", arg: 0)
        }
        var spec: [DynamicValue]? = nil
        if site.types.count == 3 {
            guard let c = site.constants[1], let a = dynamicArray(c) else {
                throw site.error("extract_all(): captureGroups must be a constant dynamic array", arg: 1)
            }
            spec = a
            if let re, resolveGroups(a, re) == nil {
                throw site.error("extract_all(): captureGroups has a group the regex does not define", arg: 1)
            }
        }
        let groupSpec = spec
        return BoundFunction(name: "extract_all", resultType: .dynamic, kernel: .row { args in
            guard let r = regexFor(re, args[0]), r.captureCount >= 1, let groups = resolveGroups(groupSpec, r) else { return .dynamic(.null) }
            let matches = r.allMatches(in: kqlString(args[src]))
            guard !matches.isEmpty else { return .dynamic(.null) }
            let rows: [DynamicValue] = matches.map { m in
                let vals = groups.map { DynamicValue.string(m[$0] ?? "") }
                return groups.count == 1 ? vals[0] : .array(vals)
            }
            return .dynamic(.array(rows))
        })
    })
