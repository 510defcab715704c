import KQLColumns
import KQLSyntax

extension Binder {
    /// `sample N` (sample-operator.md): up to N rows picked at random from the input.
    func bindSample(parameters: [OperatorParameter], count: Expr, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        try checkSampleParameters(parameters, "sample")
        return .sample(.init(input: input, rows: try sampleCount(count, scope: scope)))
    }

    /// `sample-distinct N of Column` (sample-distinct-operator.md): up to N distinct values of one
    /// column, as a one-column table named after it; which values are not defined.
    func bindSampleDistinct(parameters: [OperatorParameter], count: Expr, column: Expr, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        try checkSampleParameters(parameters, "sample-distinct")
        let n = try sampleCount(count, scope: scope)
        guard case .name(let name) = column.kind else {
            throw fail(.unsupportedOperatorForm, "sample-distinct takes a column name after 'of'", column.span)
        }
        let b = try bindScalar(column, schema: input.schema, scope: scope)
        let projected = LogicalPlan.project(.init(input: input, columns: [(name, b)]))
        let distinct = LogicalPlan.distinct(.init(input: projected, columns: [0]))
        return .sample(.init(input: distinct, rows: n))
    }

    private func checkSampleParameters(_ parameters: [OperatorParameter], _ op: String) throws {
        for p in parameters where !p.name.hasPrefix("hint.") {
            throw fail(.unsupportedOperatorForm, "\(op) parameter '\(p.name)' is not supported", p.value.span)
        }
    }

    private func sampleCount(_ e: Expr, scope: Scope) throws -> Int {
        // The doc allows an int, long or real count; a real is truncated, as tolong() does (decision:
        // the docs do not say how a fraction is rounded).
        let v = try constant(e, scope: scope)
        var n = integerValue(v)
        if n == nil, case .real(let x) = v, x.isFinite, x > -1, x < 9.2e18 { n = Int64(x) }
        guard let n, n >= 0 else { throw fail(.invalidOperatorArgument, "expected a non-negative number of rows", e.span) }
        return Int(min(n, Int64(Int.max)))
    }
}
