import KQLColumns
import KQLSyntax

extension Binder {
    /// `range name from a to b step s`: constant bounds, capped at 100,000,000 rows. A bound
    /// computed by a subquery (`toscalar`, the toscalar page's example) is evaluated when the
    /// query runs, and the step and row count are checked then.
    func bindRange(column name: String, from: Expr, to: Expr, step: Expr, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        let bounds = try [from, to, step].map { try bindScalar($0, schema: Schema([]), scope: scope) }
        if bounds.contains(where: { $0.constantValue == nil && $0.containsSubquery }) {
            return try bindComputedRange(column: name, bounds, exprs: [from, to, step], op: op)
        }
        let f = try bounds[0].constantValue ?? constant(from, scope: scope)
        let t = try bounds[1].constantValue ?? constant(to, scope: scope)
        let s = try bounds[2].constantValue ?? constant(step, scope: scope)
        let type = try rangeType(f.type, t.type, from: from)
        _ = try checkedRangeRows(from: f, to: t, step: s, type: type, stepSpan: step.span, opSpan: op.span)
        return .range(.init(column: name, from: f, to: t, step: s, type: type))
    }

    private func bindComputedRange(column name: String, _ bounds: [BoundExpr], exprs: [Expr], op: QueryOperator) throws -> LogicalPlan {
        let type = try rangeType(bounds[0].type, bounds[1].type, from: exprs[0])
        let stepOK = type == .datetime || type == .timespan ? bounds[2].type == .timespan : bounds[2].type.isNumeric
        guard stepOK else {
            throw fail(.invalidOperatorArgument, "range: the step must be a non-zero \(type == .datetime || type == .timespan ? "timespan" : "number")", exprs[2].span)
        }
        var node = LogicalPlan.Range(column: name, from: .empty(type), to: .empty(type), step: .empty(bounds[2].type), type: type)
        node.computed = bounds
        node.spans = (exprs[2].span, op.span)
        return .range(node)
    }

    private func rangeType(_ from: KQLType, _ to: KQLType, from e: Expr) throws -> KQLType {
        let type: KQLType
        switch (from, to) {
        case (.datetime, _): type = .datetime
        case (.timespan, _): type = .timespan
        case (.real, _), (_, .real): type = .real
        default: type = .long
        }
        if type != .datetime && type != .timespan && !from.isNumeric {
            throw fail(.invalidOperatorArgument, "range: 'from' must be a number, datetime or timespan", e.span)
        }
        return type
    }
}
