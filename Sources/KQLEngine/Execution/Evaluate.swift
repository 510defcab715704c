import KQLColumns

/// Evaluates a bound expression over one batch.
func evaluate(_ e: BoundExpr, _ batch: Batch) -> Datum {
    let n = batch.count
    switch e {
    case .constant(let v):
        return .scalar(v)
    case .column(let i, _):
        return .column(batch.columns[i])
    case .call(let f, let args):
        let values = args.map { evaluate($0, batch) }
        switch f.kernel {
        case .row(let k): return liftRow(k, values, count: n, type: f.resultType)
        case .column(let k): return k(values, n)
        }
    case .compare(let op, let l, let r):
        return compareKernel(op, evaluate(l, batch), evaluate(r, batch), count: n)
    case .arithmetic(let op, let l, let r, let t):
        return arithmeticKernel(op, evaluate(l, batch), evaluate(r, batch), type: t, count: n)
    case .negate(let x, let t):
        return liftRow({ arithmetic(.sub, t == .int ? .int(0) : (t == .timespan ? .timespan(0) : (t == .real ? .real(0) : (t == .decimal ? .decimal(KQLDecimal(Int64(0))) : .long(0)))), $0[0], type: t) },
                       [evaluate(x, batch)], count: n, type: t)
    case .logical(let isAnd, let l, let r):
        return logicalKernel(isAnd: isAnd, evaluate(l, batch), evaluate(r, batch), count: n)
    case .stringPredicate(let p, let l, let r):
        return stringPredicateKernel(p, evaluate(l, batch), evaluate(r, batch), count: n)
    case .inSet(let x, let set, let negated):
        return liftRow({ args in
            // A null never equals a list element: `in` is false and `!in` true for it.
            let found = inSetContains(set, args[0])
            return .bool(found != negated)
        }, [evaluate(x, batch)], count: n, type: .bool)
    case .scalarSubquery, .listSubquery:
        // Unreachable: `Executor.execute` replaces subqueries before any operator evaluates.
        assertionFailure("a subquery reached evaluate() unresolved")
        return .scalar(.empty(e.type))
    case .between(let x, let lo, let hi, let negated):
        return liftRow({ a in
            var hi = a[2]
            // `datetime between (start .. timespan)` means up to start + timespan.
            if case .datetime(let lo) = a[1], case .timespan(let span) = a[2] { hi = .datetime(checkedAdd(lo, span) ?? (span < 0 ? .min : .max)) }   // saturates, never wraps
            guard let c1 = compareValues(a[0], a[1]), let c2 = compareValues(a[0], hi) else { return .null(.bool) }
            return .bool((c1 >= 0 && c2 <= 0) != negated)
        }, [evaluate(x, batch), evaluate(lo, batch), evaluate(hi, batch)], count: n, type: .bool)
    }
}

func inSetContains(_ set: InSet, _ v: Value) -> Bool {
    switch v {
    case .string(let s):
        return set.caseInsensitive ? set.lowercasedStrings.contains(s.lowercased()) : set.values.contains(.string(s))
    case .int(let x): return set.values.contains(.long(Int64(x))) || set.values.contains(.real(Double(x)))
    case .long(let x): return set.values.contains(.long(x)) || set.values.contains(.real(Double(x)))
    case .real(let x):
        if x == x.rounded(), abs(x) < 9e18, set.values.contains(.long(Int64(x))) { return true }
        return set.values.contains(.real(x))
    case .dynamic(let d):
        switch d {
        case .string(let s): return inSetContains(set, .string(s))
        case .long(let x): return inSetContains(set, .long(x))
        case .real(let x): return inSetContains(set, .real(x))
        case .bool(let b): return set.values.contains(.bool(b))
        default: return false
        }
    default: return set.values.contains(v)
    }
}

/// Three-valued AND/OR: false AND null = false, true OR null = true, otherwise null propagates.
func logicalKernel(isAnd: Bool, _ l: Datum, _ r: Datum, count: Int) -> Datum {
    func combine(_ a: Value, _ b: Value) -> Value {
        let x: Bool? = { if case .bool(let v) = a { return v }; return nil }()
        let y: Bool? = { if case .bool(let v) = b { return v }; return nil }()
        if isAnd {
            if x == false || y == false { return .bool(false) }
            if let x, let y { return .bool(x && y) }
            return .null(.bool)
        } else {
            if x == true || y == true { return .bool(true) }
            if let x, let y { return .bool(x || y) }
            return .null(.bool)
        }
    }
    if case .column(let a) = l, case .column(let b) = r, case .bool(let xs) = a.storage, case .bool(let ys) = b.storage,
       a.validity == nil, b.validity == nil {
        var out = [Bool](repeating: false, count: count)
        if isAnd { for i in 0..<count { out[i] = xs[i] && ys[i] } } else { for i in 0..<count { out[i] = xs[i] || ys[i] } }
        return .column(Column(.bool(out)))
    }
    return liftRow({ combine($0[0], $0[1]) }, [l, r], count: count, type: .bool)
}
