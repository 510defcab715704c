import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate dcount_intersect(hll_1, hll_2 [, hll_3, ...])` (dcount-intersect-plugin.md): one
    /// row of longs `s0` … `s(n-1)`, the distinct counts of S1, S1 ∩ S2, …, S1 ∩ … ∩ Sn, where Si
    /// is the union of the `hll()` sketches of column i over the input's rows. The arguments are
    /// dynamic expressions (computed by a `Project` under the plugin node); 2 to
    /// `DcountIntersect.maxSets` of them.
    func bindDcountIntersect(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let usage = "dcount_intersect expects 2 to \(DcountIntersect.maxSets) hll() values"
        guard (2...DcountIntersect.maxSets).contains(args.count) else { throw fail(.invalidOperatorArgument, usage, nameSpan) }
        var columns: [(name: String, expr: BoundExpr)] = []
        for (i, a) in args.enumerated() {
            if a.name != nil { throw fail(.invalidOperatorArgument, "dcount_intersect: '\(a.name ?? "")' cannot be named here; \(usage)", a.value.span) }
            let b = try bindScalar(a.value, schema: input.schema, scope: scope)
            guard b.type == .dynamic else {
                throw fail(.argumentType, "dcount_intersect: argument \(i + 1) must be an hll() value (dynamic), not \(b.type)", a.value.span)
            }
            columns.append(("hll_\(i)", b))
        }
        let projected = LogicalPlan.project(.init(input: input, columns: columns))
        let schema = Schema((0..<args.count).map { Field("s\($0)", .long) })
        return .tablePlugin(.init(input: projected, plugin: DcountIntersect(sets: args.count, schema: schema)))
    }
}
