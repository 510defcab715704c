import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate rows_near(Condition, NumRows [, RowsAfter])` (rows-near-plugin.md): the input's
    /// rows within NumRows before, and NumRows (or RowsAfter) after, a row whose condition is true,
    /// in input order, each once. The counts must be constant non-negative integers. The condition
    /// is computed by a `Project` under the plugin node (the input's columns, then the condition).
    func bindRowsNear(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let usage = "rows_near expects (Condition, NumRows [, RowsAfter])"
        guard (2...3).contains(args.count) else { throw fail(.invalidOperatorArgument, usage, nameSpan) }
        for a in args where a.name != nil {
            throw fail(.invalidOperatorArgument, "rows_near: '\(a.name ?? "")' cannot be named here; \(usage)", a.value.span)
        }
        let schema = input.schema
        let condition = try bindScalar(args[0].value, schema: schema, scope: scope)
        guard condition.type == .bool else {
            throw fail(.argumentType, "rows_near: the condition must be bool, not \(condition.type)", args[0].value.span)
        }
        func count(_ a: Argument, _ what: String) throws -> Int {
            guard let n = integerValue(try constant(a.value, scope: scope)), n >= 0, n <= Int64(RowsNear.maxRows) else {
                throw fail(.invalidOperatorArgument, "rows_near: \(what) must be a constant integer from 0 to \(RowsNear.maxRows)", a.value.span)
            }
            return Int(n)
        }
        let before = try count(args[1], "NumRows")
        let after = args.count == 3 ? try count(args[2], "RowsAfter") : before
        let columns = schema.fields.enumerated().map { (name: $0.element.name, expr: BoundExpr.column(index: $0.offset, type: $0.element.type)) }
            + [(name: "rows_near_condition", expr: condition)]
        let projected = LogicalPlan.project(.init(input: input, columns: columns))
        return .tablePlugin(.init(input: projected, plugin: RowsNear(before: before, after: after, schema: schema)))
    }
}
