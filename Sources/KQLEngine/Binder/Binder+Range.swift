import KQLColumns
import KQLSyntax

extension Binder {
    /// `range name from a to b step s`: constant bounds, capped at 100,000,000 rows.
    func bindRange(column name: String, from: Expr, to: Expr, step: Expr, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        let f = try constant(from, scope: scope), t = try constant(to, scope: scope), s = try constant(step, scope: scope)
        let type: KQLType
        switch (f.type, t.type) {
        case (.datetime, _): type = .datetime
        case (.timespan, _): type = .timespan
        case (.real, _), (_, .real): type = .real
        default: type = .long
        }
        if type != .datetime && type != .timespan && !f.type.isNumeric {
            throw fail(.invalidOperatorArgument, "range: 'from' must be a number, datetime or timespan", from.span)
        }
        guard let rows = rangeRowCount(from: f, to: t, step: s, type: type) else {
            throw fail(.invalidOperatorArgument, "range: the step must be a non-zero \(type == .datetime || type == .timespan ? "timespan" : "number")", step.span)
        }
        guard rows <= 100_000_000 else {
            throw fail(.rangeTooLarge, "range would produce \(rows) rows; Quarry builds at most 100,000,000", op.span)
        }
        return .range(.init(column: name, from: f, to: t, step: s, type: type))
    }
}
