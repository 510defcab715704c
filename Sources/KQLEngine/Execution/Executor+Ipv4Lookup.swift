import KQLColumns

extension Executor {
    /// The lookup table's ranges are indexed by prefix length (masked address → rows); each input
    /// row probes one entry per prefix length present (a source address with a shorter /prefix of
    /// its own compares under that prefix, scanning the longer ranges).
    /// ipv6_lookup runs the same code over 128-bit addresses.
    func ipv4LookupStream(_ n: LogicalPlan.Ipv4Lookup) throws -> BatchStream {
        let right = try holdingInput(n.lookup, for: n.isV6 ? "ipv6_lookup (lookup table)" : "ipv4_lookup (lookup table)") { $0 }
        let rb = right.batches.isEmpty ? nil : right.singleBatch()
        let bits = n.isV6 ? 128 : 32
        let parse: (Value) -> (address: UInt128, prefix: Int)? = n.isV6 ? ipv6 : { v in ipv4(v).map { (UInt128($0.address), $0.prefix) } }
        let full: UInt128 = bits == 128 ? ~0 : (UInt128(1) << bits) - 1
        func mask(_ p: Int) -> UInt128 { p <= 0 ? 0 : (full << (bits - p)) & full }
        var byPrefix: [Int: [UInt128: [Int]]] = [:]
        var ranges: [Int: [(address: UInt128, row: Int)]] = [:]
        if let rb {
            for r in 0..<rb.count {
                guard let ip = parse(rb.columns[n.rangeKey].value(at: r)) else { continue }
                let p = max(0, min(bits, ip.prefix))
                byPrefix[p, default: [:]][ip.address & mask(p), default: []].append(r)
                ranges[p, default: []].append((ip.address, r))
            }
        }
        let prefixes = byPrefix.keys.sorted()
        let source = try stream(n.input)
        return BatchStream {
            guard let group = try source.next() else { return nil }
            return group.compactMap { b -> Batch? in
                var leftRows: [Int] = []
                var rightRows: [Int?] = []
                for r in 0..<b.count {
                    var matches: [Int] = []
                    if let ip = parse(b.columns[n.sourceKey].value(at: r)) {
                        let ps = max(0, min(bits, ip.prefix))
                        for p in prefixes {
                            if p <= ps {
                                matches += byPrefix[p]?[ip.address & mask(p)] ?? []
                            } else {
                                let m = mask(ps)
                                matches += (ranges[p] ?? []).filter { $0.address & m == ip.address & m }.map(\.row)
                            }
                        }
                        matches.sort()
                        if let rb {
                            matches = matches.filter { j in n.extraKeys.allSatisfy { k in
                                let a = b.columns[k.left].value(at: r), c = rb.columns[k.right].value(at: j)
                                return !a.isNull && !c.isNull && a == c
                            } }
                        }
                    }
                    if matches.isEmpty {
                        if n.returnUnmatched { leftRows.append(r); rightRows.append(nil) }
                    } else {
                        for j in matches { leftRows.append(r); rightRows.append(j) }
                    }
                }
                if leftRows.isEmpty { return nil }
                var cols = b.columns.map { $0.gather(leftRows) }
                let types = n.lookup.schema.fields.map(\.type)
                for j in n.lookupColumns {
                    var builder = ColumnBuilder(type: types[j], capacity: rightRows.count)
                    for x in rightRows {
                        if let x, let rb { builder.append(rb.columns[j].value(at: x)) } else { builder.appendNull() }
                    }
                    cols.append(builder.finish())
                }
                return Batch(columns: cols, count: leftRows.count)
            }
        }
    }
}
