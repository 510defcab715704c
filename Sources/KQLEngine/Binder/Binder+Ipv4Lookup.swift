import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupRange [, ExtraKey...] [, return_unmatched])`
    /// (ipv4-lookup-plugin.md): a lookup whose key matches when the source address lies in the
    /// lookup row's range (both may carry a /prefix: the smaller prefix masks both, as
    /// ipv4_is_match does) and the extra keys, columns of both tables, are equal. The output is the
    /// input's columns, then the lookup table's but the extra keys, a name the input already has
    /// getting a `1` suffix (as Kusto's binder names them); every matching lookup row gives a row;
    /// with return_unmatched an input row without a match is kept, with nulls.
    ///
    /// `evaluate ipv6_lookup(LookupTable, SourceIPv6Key, IPv6LookupKey [, return_unmatched])`
    /// (ipv6-lookup-plugin.md) is the same join over IPv6 addresses (IPv4 text maps to
    /// ::ffff:a.b.c.d, as ipv6_compare does); its page lists no extra keys, so it takes none.
    func bindIpv4Lookup(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope, plugin: String = "ipv4_lookup") throws -> LogicalPlan {
        let isV6 = plugin == "ipv6_lookup"
        var positional: [Argument] = []
        var returnUnmatched = false
        for (i, a) in args.enumerated() {
            if let n = a.name {
                guard n == "return_unmatched" else { throw fail(.invalidOperatorArgument, "\(plugin) has no argument '\(n)'", a.value.span) }
                guard case .bool(let b) = try constant(a.value, scope: scope) else { throw fail(.invalidOperatorArgument, "return_unmatched must be a bool", a.value.span) }
                returnUnmatched = b
            } else if i == args.count - 1, i >= 3, case .literal = a.value.kind {
                guard case .bool(let b) = try constant(a.value, scope: scope) else { throw fail(.invalidOperatorArgument, "return_unmatched must be a bool", a.value.span) }
                returnUnmatched = b
            } else {
                positional.append(a)
            }
        }
        guard positional.count >= 3 else { throw fail(.invalidOperatorArgument, "\(plugin) expects a lookup table, a source column and a range column", nameSpan) }
        let lookup = try bindTabular(positional[0].value, scope: scope)
        func column(_ a: Argument, in schema: Schema, _ what: String) throws -> Int {
            guard case .name(let n) = a.value.kind, let i = schema.index(of: n) else {
                throw fail(.invalidOperatorArgument, "\(plugin): expected a column of the \(what)", a.value.span)
            }
            return i
        }
        let sourceKey = try column(positional[1], in: input.schema, "input")
        let rangeKey = try column(positional[2], in: lookup.schema, "lookup table")
        for (k, field) in [(1, input.schema.fields[sourceKey]), (2, lookup.schema.fields[rangeKey])] where field.type != .string {
            throw fail(.invalidOperatorArgument, "\(plugin): '\(field.name)' must be a string column, not \(field.type)", positional[k].value.span)
        }
        var extra: [(left: Int, right: Int)] = []
        if isV6, positional.count > 3 { throw fail(.invalidOperatorArgument, "ipv6_lookup takes no extra keys", positional[3].value.span) }
        for a in positional.dropFirst(3) {
            let l = try column(a, in: input.schema, "input")
            let r = try column(a, in: lookup.schema, "lookup table")
            guard input.schema.fields[l].type == lookup.schema.fields[r].type else {
                throw fail(.invalidOperatorArgument, "\(plugin): the extra key has different types in the two tables", a.value.span)
            }
            extra.append((l, r))
        }
        var fields = input.schema.fields
        var used = Set(fields.map(\.name))
        var rightColumns: [Int] = []
        for (j, f) in lookup.schema.fields.enumerated() where !extra.contains(where: { $0.right == j }) {
            var name = f.name
            if used.contains(name) { var k = 1; while used.contains("\(f.name)\(k)") { k += 1 }; name = "\(f.name)\(k)" }
            used.insert(name)
            fields.append(Field(name, f.type))
            rightColumns.append(j)
        }
        return .ipv4Lookup(.init(input: input, lookup: lookup, sourceKey: sourceKey, rangeKey: rangeKey, extraKeys: extra,
                                 returnUnmatched: returnUnmatched, lookupColumns: rightColumns, schema: Schema(fields), isV6: isV6))
    }
}
