import KQLColumns

extension DcountIntersect {
    /// Each set is the merge of its column's sketches over every row (a null or a value that is
    /// not a Quarry hll() sketch adds nothing). While every sketch of a prefix is small (exact
    /// hashes, as hll() keeps up to 2^(P-2) values), its intersection is counted exactly; otherwise
    /// it is estimated by inclusion–exclusion over the estimated unions of the prefix's subsets (the
    /// HyperLogLog way: sketches merge into unions, not intersections), clamped to 0 … the smallest
    /// set. No rows: every count is 0.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        var merged = [HllSketch?](repeating: nil, count: sets)
        for b in input.batches {
            for r in 0..<b.count {
                if r % 4096 == 0 { try context.checkpoint() }
                for i in 0..<sets {
                    guard let s = HllSketch(value: b.columns[i].value(at: r)) else { continue }
                    merged[i] = merged[i].map { $0.merged(s) } ?? s
                }
            }
        }
        var counts: [Value] = []
        for k in 1...sets {
            let prefix = merged.prefix(k)
            if prefix.contains(where: { $0 == nil }) { counts.append(.long(0)); continue }
            let sketches = prefix.compactMap { $0 }
            if sketches.allSatisfy({ $0.sparse != nil }) {
                var common = sketches[0].sparse ?? []
                for s in sketches.dropFirst() { common.formIntersection(s.sparse ?? []) }
                counts.append(.long(Int64(common.count)))
                continue
            }
            // Inclusion–exclusion: Σ over non-empty subsets J of (-1)^(|J|+1) |∪J|; unions built
            // from the subset without its lowest member.
            var unions = [HllSketch?](repeating: nil, count: 1 << k)
            var total: Int64 = 0
            for mask in 1..<(1 << k) {
                try context.checkpoint()
                let low = mask.trailingZeroBitCount
                let rest = mask & (mask - 1)
                let u = rest == 0 ? sketches[low] : (unions[rest] ?? sketches[low]).merged(sketches[low])
                unions[mask] = u
                total += (mask.nonzeroBitCount % 2 == 1 ? 1 : -1) * u.estimate
            }
            let smallest = sketches.map(\.estimate).min() ?? 0
            counts.append(.long(max(0, min(total, smallest))))
        }
        let columns = counts.enumerated().map { Column.repeating($0.element, count: 1, type: schema.fields[$0.offset].type) }
        return Table(schema: schema, batches: [Batch(columns: columns, count: 1)])
    }
}
