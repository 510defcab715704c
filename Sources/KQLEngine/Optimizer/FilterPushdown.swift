import KQLColumns

/// Hands the simple conjuncts of a filter sitting on a scan (`column op constant` on strings,
/// integers and datetimes) to the reader as `ScanPredicate`s, so it can skip rows before
/// building them. The filter itself stays: the reader's skipping is only an optimization.
enum FilterPushdown {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        let p = plan.rewritingChildren(apply)
        guard case .filter(var filter) = p, case .scan(var scan) = filter.input else { return p }
        let pushed = filter.predicate.conjuncts.compactMap { scanPredicate($0, scan.schema) }.filter { !scan.predicates.contains($0) }
        guard !pushed.isEmpty else { return p }
        scan.predicates += pushed
        filter.input = .scan(scan)
        return .filter(filter)
    }

    static func scanPredicate(_ e: BoundExpr, _ schema: Schema) -> ScanPredicate? {
        let (op, column, value): (CompareOp, Int, Value)
        switch e {
        case .compare(let o, .column(let i, _), .constant(let v)): (op, column, value) = (o, i, v)
        case .compare(let o, .constant(let v), .column(let i, _)):
            let flipped: CompareOp
            switch o { case .lt: flipped = .gt; case .le: flipped = .ge; case .gt: flipped = .lt; case .ge: flipped = .le; default: flipped = o }
            (op, column, value) = (flipped, i, v)
        default: return nil
        }
        if value.isNull { return nil }
        let field = schema.fields[column]
        let scanOp: ScanPredicate.Op
        switch op {
        case .eq: scanOp = .equal
        case .ne: scanOp = .notEqual
        case .lt: scanOp = .less
        case .le: scanOp = .lessOrEqual
        case .gt: scanOp = .greater
        case .ge: scanOp = .greaterOrEqual
        case .eqCi, .neCi: return nil
        }
        switch (field.type, value) {
        case (.string, .string) where scanOp == .equal || scanOp == .notEqual: break
        case (.int, .long), (.int, .int), (.long, .long), (.long, .int), (.datetime, .datetime): break
        default: return nil
        }
        return ScanPredicate(column: field.name, op: scanOp, value: value)
    }
}
