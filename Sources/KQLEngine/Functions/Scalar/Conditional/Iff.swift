import KQLColumns

let iffFunction = ScalarFunction(
    name: "iff", aliases: ["iif"],
    overloads: [Overload([p("condition", .type(.bool)), p("then", .scalar), p("else", .scalar)], .common, values: ["then", "else"])],
    summary: "`then` where the condition is true, else `else` (a null condition counts as false).",
    bind: { site in
        let t = site.resultType
        let rowKernel: ([Value]) -> Value = { args in coerce(isTrue(args[0]) ? args[1] : args[2], to: t) }
        guard t == .long || t == .int || t == .datetime || t == .timespan else {
            return BoundFunction(name: "iff", resultType: t, kernel: .row(rowKernel))
        }
        // Hot path for integer-like results: a typed select over the condition column.
        return BoundFunction(name: "iff", resultType: t, kernel: .column { args, count in
            guard case .column(let c) = args[0], case .bool(let cond) = c.storage else {
                return liftRow(rowKernel, args, count: count, type: t)
            }
            var out = [Int64](repeating: 0, count: count)
            var validity = Validity(count: count, allValid: true)
            var anyNull = false
            for r in 0..<count {
                let pick = cond[r] && c.isValid(r) ? args[1] : args[2]
                if let x = int64At(pick, r) { out[r] = x } else { validity.set(r, false); anyNull = true }
            }
            let v = anyNull ? validity : nil
            switch t {
            case .int: return .column(Column(.int(out.map { Int32(truncatingIfNeeded: $0) }), validity: v))
            case .datetime: return .column(Column(.datetime(out), validity: v))
            case .timespan: return .column(Column(.timespan(out), validity: v))
            default: return .column(Column(.long(out), validity: v))
            }
        })
    })
