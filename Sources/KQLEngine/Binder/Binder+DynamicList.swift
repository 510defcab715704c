import KQLColumns
import KQLSyntax

// `SHA256 in (AbuseFeed)` where `AbuseFeed = toscalar(… | summarize make_set(x))`, or
// `DeviceId in~ (InDeviceId)` with a dynamic function parameter: a list element that is a dynamic
// value known only at run time. As for a constant `dynamic([…])` element (in-operator.md's dynamic
// array example), an array stands for its elements and any other dynamic value for itself.
// The element set is built once per batch when the value is the same for every row (a let,
// toscalar(), a parameter), else per row.

extension Binder {
    func dynamicValuedList(_ op: ListOperator, _ bx: BoundExpr, constants: [Value], dynamicItems: [BoundExpr]) -> BoundExpr {
        // Built as the positive form (x is in one of the lists; has_all: in all of them), then
        // negated for !in and !in~.
        let positive: ListOperator
        switch op {
        case .notIn: positive = .in
        case .notInCi: positive = .inCi
        default: positive = op
        }
        var result: BoundExpr? = constants.isEmpty ? nil : listExpression(positive, bx, constants)
        for item in dynamicItems {
            let test = BoundExpr.call(dynamicMembership(positive, stringSide: bx.type == .string), [bx, item])
            result = result.map { .logical(isAnd: op == .hasAll, $0, test) } ?? test
        }
        let negated = op == .notIn || op == .notInCi
        guard let r = result else { return .constant(.bool(negated)) }
        return negated ? .call(negateBool, [r]) : r
    }
}

/// not(b) for a bool (null stays null).
private let negateBool = BoundFunction(name: "not", resultType: .bool, kernel: .row({ a in
    if case .bool(let b) = a[0] { return .bool(!b) }
    return .null(.bool)
}))

/// x op (d): true when x matches one element of the dynamic value d (all of them for has_all).
private func dynamicMembership(_ op: ListOperator, stringSide: Bool) -> BoundFunction {
    func elements(_ v: Value) -> [Value] {
        guard case .dynamic(let d) = v else { return v.isNull ? [] : [v] }
        let items: [DynamicValue]
        if case .array(let a) = d { items = a } else { items = [d] }
        // A number compares with a string x as its string form, as for constant lists.
        return items.map { e in
            let u = dynamicToValue(e)
            return stringSide && (u.type.isNumeric || u.type == .bool) && !u.isNull ? .string(kqlString(u)) : u
        }
    }
    func test(_ x: Value, _ values: [Value]) -> Value {
        if case .inSet(_, let set, _) = listExpression(op, .constant(x), values) {
            return .bool(inSetContains(set, x))   // a null x is never in the list
        }
        let h = Array(kqlString(x).utf8)
        let pred = StringPredicate(kind: .has, caseSensitive: false, negated: false)
        let hits = values.map { n in
            h.withUnsafeBufferPointer { hb in Array(kqlString(n).utf8).withUnsafeBufferPointer { stringPredicate(pred, hb, $0) } }
        }
        return .bool(op == .hasAll ? hits.allSatisfy { $0 } : hits.contains(true))
    }
    return BoundFunction(name: op.rawValue, resultType: .bool, kernel: .column({ args, count in
        if case .scalar(let d) = args[1] {
            let values = elements(d)
            if case .inSet(_, let set, _) = listExpression(op, .constant(.bool(false)), values) {
                return liftRow({ .bool(inSetContains(set, $0[0])) }, [args[0]], count: count, type: .bool)
            }
            return liftRow({ test($0[0], values) }, [args[0]], count: count, type: .bool)
        }
        return liftRow({ test($0[0], elements($0[1])) }, args, count: count, type: .bool)
    }))
}
