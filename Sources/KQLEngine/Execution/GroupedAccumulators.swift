import KQLColumns

/// A whole aggregate over all groups, updated a batch at a time (typed loops, no per-row objects).
protocol GroupedAccumulator: AnyObject {
    /// Adds one batch: row r belongs to group `groups[r]`; `groupCount` groups exist so far.
    func add(groups: [Int32], args: [Datum], rows: Int, groupCount: Int)
    /// One column per output field, `groupCount` rows each.
    func finish(groupCount: Int, fields: [Field]) -> [Column]
    /// Folds in another partial aggregate of the same function over later rows: its group `g` is
    /// this one's group `groupMap[g]`; `groupCount` groups exist here after the merge.
    func merge(_ other: GroupedAccumulator, groupMap: [Int32], groupCount: Int)
}

/// Integer-like payload of row r (int, long, datetime, timespan), nil when null or not integer-like.
@inline(__always) func int64At(_ d: Datum, _ r: Int) -> Int64? {
    switch d {
    case .scalar(let v):
        switch v { case .int(let x): return Int64(x); case .long(let x), .datetime(let x), .timespan(let x): return x; default: return nil }
    case .column(let c):
        if let v = c.validity, !v.isValid(r) { return nil }
        switch c.storage {
        case .long(let a), .datetime(let a), .timespan(let a): return a[r]
        case .int(let a): return Int64(a[r])
        default: return nil
        }
    }
}

final class GroupedCount: GroupedAccumulator {
    var counts: [Int64] = []
    let conditional: Bool
    init(conditional: Bool) { self.conditional = conditional }
    func add(groups: [Int32], args: [Datum], rows: Int, groupCount: Int) {
        if counts.count < groupCount { counts += [Int64](repeating: 0, count: groupCount - counts.count) }
        if conditional {
            for r in 0..<rows where isTrue(args[0].value(at: r)) { counts[Int(groups[r])] += 1 }
        } else {
            for r in 0..<rows { counts[Int(groups[r])] += 1 }
        }
    }
    func finish(groupCount: Int, fields: [Field]) -> [Column] {
        if counts.count < groupCount { counts += [Int64](repeating: 0, count: groupCount - counts.count) }
        return [Column(.long(counts))]
    }
    func merge(_ other: GroupedAccumulator, groupMap: [Int32], groupCount: Int) {
        guard let o = other as? GroupedCount else { return }
        if counts.count < groupCount { counts += [Int64](repeating: 0, count: groupCount - counts.count) }
        for (g, c) in o.counts.enumerated() where g < groupMap.count { counts[Int(groupMap[g])] &+= c }
    }
}

/// min/max over integer-like values (ints, longs, datetimes, timespans).
final class GroupedIntExtreme: GroupedAccumulator {
    let wantMax: Bool
    var best: [Int64] = []
    var has: [Bool] = []
    init(wantMax: Bool) { self.wantMax = wantMax }
    func add(groups: [Int32], args: [Datum], rows: Int, groupCount: Int) {
        if best.count < groupCount {
            best += [Int64](repeating: 0, count: groupCount - best.count)
            has += [Bool](repeating: false, count: groupCount - has.count)
        }
        let d = args[0]
        for r in 0..<rows {
            guard let x = int64At(d, r) else { continue }
            let g = Int(groups[r])
            if !has[g] || (wantMax ? x > best[g] : x < best[g]) { best[g] = x; has[g] = true }
        }
    }
    func finish(groupCount: Int, fields: [Field]) -> [Column] {
        if best.count < groupCount {
            best += [Int64](repeating: 0, count: groupCount - best.count)
            has += [Bool](repeating: false, count: groupCount - has.count)
        }
        let validity = has.allSatisfy { $0 } ? nil : Validity.from(count: groupCount) { self.has[$0] }
        switch fields[0].type {
        case .int: return [Column(.int(best.map { Int32(truncatingIfNeeded: $0) }), validity: validity)]
        case .datetime: return [Column(.datetime(best), validity: validity)]
        case .timespan: return [Column(.timespan(best), validity: validity)]
        default: return [Column(.long(best), validity: validity)]
        }
    }
    func merge(_ other: GroupedAccumulator, groupMap: [Int32], groupCount: Int) {
        guard let o = other as? GroupedIntExtreme else { return }
        if best.count < groupCount {
            best += [Int64](repeating: 0, count: groupCount - best.count)
            has += [Bool](repeating: false, count: groupCount - has.count)
        }
        for g in o.best.indices where g < groupMap.count && o.has[g] {
            let t = Int(groupMap[g]), x = o.best[g]
            if !has[t] || (wantMax ? x > best[t] : x < best[t]) { best[t] = x; has[t] = true }
        }
    }
}

/// Exact distinct counts per group: strings are interned to ids, integers taken as they are;
/// each (group, value) pair is kept once.
final class GroupedDistinctCount: GroupedAccumulator {
    private var interner = ByteInterner()
    /// (group, value) pairs packed as group << 32 | value id for strings; integer values go
    /// through `intPairs` since they need all 64 bits.
    private var pairs = UInt64Set()
    private var intPairs = Set<[Int64]>()
    private var others = Set<[Value]>()
    private var counts: [Int64] = []
    func add(groups: [Int32], args: [Datum], rows: Int, groupCount: Int) {
        if counts.count < groupCount { counts += [Int64](repeating: 0, count: groupCount - counts.count) }
        let d = args[0]
        if case .column(let c) = d, case .dictionary(let dict) = c.storage {
            // Intern each dictionary entry the rows use, once (a filtered batch keeps its whole
            // dictionary but uses few of its entries).
            var ids = [Int32](repeating: -1, count: dict.dictionary.count)
            dict.dictionary.bytes.withUnsafeBufferPointer { bytes in
                for r in 0..<rows {
                    let code = Int(dict.codes[r])
                    if ids[code] < 0 { ids[code] = interner.id(UnsafeBufferPointer(rebasing: bytes[dict.dictionary.range(code)])) }
                    if pairs.insert(UInt64(UInt32(bitPattern: groups[r])) << 32 | UInt64(UInt32(bitPattern: ids[code]))) { counts[Int(groups[r])] += 1 }
                }
            }
            return
        }
        if case .column(let c) = d, case .string(let arr) = c.storage {
            arr.bytes.withUnsafeBufferPointer { bytes in
                for r in 0..<rows {
                    let id = interner.id(UnsafeBufferPointer(rebasing: bytes[Int(arr.offsets[r])..<Int(arr.offsets[r + 1])]))
                    if pairs.insert(UInt64(UInt32(bitPattern: groups[r])) << 32 | UInt64(UInt32(bitPattern: id))) { counts[Int(groups[r])] += 1 }
                }
            }
            return
        }
        for r in 0..<rows {
            let v = d.value(at: r)
            if v.isNull { continue }
            let inserted: Bool
            if let x = int64At(d, r), d.type != .string { inserted = intPairs.insert([Int64(groups[r]), x]).inserted }
            else { inserted = others.insert([.long(Int64(groups[r])), distinctKey(v)]).inserted }   // all NaNs count once
            if inserted { counts[Int(groups[r])] += 1 }
        }
    }
    func finish(groupCount: Int, fields: [Field]) -> [Column] {
        if counts.count < groupCount { counts += [Int64](repeating: 0, count: groupCount - counts.count) }
        return [Column(.long(counts))]
    }
    /// The other side's (group, value) pairs, re-keyed to this side's groups and string ids.
    func merge(_ other: GroupedAccumulator, groupMap: [Int32], groupCount: Int) {
        guard let o = other as? GroupedDistinctCount else { return }
        if counts.count < groupCount { counts += [Int64](repeating: 0, count: groupCount - counts.count) }
        var ids = [Int32](repeating: -1, count: o.interner.count)
        o.pairs.forEach { key in
            let g = Int(key >> 32), id = Int(UInt32(truncatingIfNeeded: key))
            guard g < groupMap.count, id < ids.count else { return }
            if ids[id] < 0 { ids[id] = o.interner.strings.withBytes(id) { interner.id($0) } }
            let t = groupMap[g]
            if pairs.insert(UInt64(UInt32(bitPattern: t)) << 32 | UInt64(UInt32(bitPattern: ids[id]))) { counts[Int(t)] += 1 }
        }
        for p in o.intPairs where p.count == 2 && Int(p[0]) < groupMap.count {
            let t = groupMap[Int(p[0])]
            if intPairs.insert([Int64(t), p[1]]).inserted { counts[Int(t)] += 1 }
        }
        for p in o.others where p.count == 2 {
            guard case .long(let g) = p[0], g >= 0, g < groupMap.count else { continue }
            let t = groupMap[Int(g)]
            if others.insert([.long(Int64(t)), p[1]]).inserted { counts[Int(t)] += 1 }
        }
    }
}

/// Any aggregate through its per-group `Accumulator` (values row by row): make_set, arg_max, ...
final class GroupedAdapter: GroupedAccumulator {
    let aggregate: BoundAggregate
    var accs: [Accumulator] = []
    init(_ a: BoundAggregate) { aggregate = a }
    func add(groups: [Int32], args: [Datum], rows: Int, groupCount: Int) {
        while accs.count < groupCount { accs.append(aggregate.kind.makeAccumulator()) }
        var row = [Value](repeating: .null(.long), count: args.count)
        for r in 0..<rows {
            for j in 0..<args.count { row[j] = args[j].value(at: r) }
            accs[Int(groups[r])].add(row)
        }
    }
    func finish(groupCount: Int, fields: [Field]) -> [Column] {
        while accs.count < groupCount { accs.append(aggregate.kind.makeAccumulator()) }
        var builders = fields.map { ColumnBuilder(type: $0.type, capacity: groupCount) }
        for acc in accs.prefix(groupCount) {
            if let ae = acc as? ArgExtremeAccumulator, aggregate.argExtreme != nil {
                var values: [Value] = []
                if aggregate.argExtreme != .any { values.append(ae.best ?? .empty(fields[0].type)) }
                let carriedFields = aggregate.argExtreme == .any ? fields[...] : fields.dropFirst()
                for (k, f) in carriedFields.enumerated() { values.append(ae.carried.map { $0[k] } ?? .empty(f.type)) }
                for (j, v) in values.enumerated() { builders[j].append(coerce(v, to: fields[j].type)) }
            } else {
                builders[0].append(coerce(acc.result(), to: fields[0].type))
            }
        }
        return builders.map { $0.finish() }
    }
    func merge(_ other: GroupedAccumulator, groupMap: [Int32], groupCount: Int) {
        guard let o = other as? GroupedAdapter else { return }
        while accs.count < groupCount { accs.append(aggregate.kind.makeAccumulator()) }
        for (g, acc) in o.accs.enumerated() where g < groupMap.count { accs[Int(groupMap[g])].merge(acc) }
    }
}

/// The fastest accumulator that implements an aggregate exactly.
func groupedAccumulator(for a: BoundAggregate) -> GroupedAccumulator {
    if let make = a.kind.makeGrouped { return make() }
    return GroupedAdapter(a)
}
