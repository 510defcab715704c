import KQLColumns
import KQLSyntax

extension Binder {
    /// `partition [hint.strategy=legacy|native|shuffle] [hint.* ...] by Column ( subquery )`
    /// (partition-operator.md). The subquery reads the input's rows of one key value (a
    /// placeholder with the input's schema); the output is the subquery's schema.
    /// The other hints (`hint.shufflekey`, `hint.materialized`, `hint.concurrency`,
    /// `hint.spread`) only steer Kusto's execution: they are checked by name and ignored.
    /// The `{ subquery with its own source }` form (the partition page lists it under the legacy
    /// strategy, but geo-point-in-polygon-function.md's example writes it with `native`: Quarry
    /// takes it with any strategy, which changes nothing but the legacy 64-key limit) sees the
    /// key column as a scalar, the partition's key value (`x` or `toscalar(x)`, the doc's
    /// "Legacy strategy with explicit source"): a `let` of that name bound to a `toscalar()` of
    /// the partition's rows. Parts of the subquery run once per query elsewhere (`toscalar()`,
    /// `in (...)`, shared plans) that read the partition's rows run once per partition here
    /// (`Executor+Partition.swift`), so the doc's "Partition reference" example works.
    func bindPartition(parameters: [OperatorParameter], by key: Expr, subquery: Expr, hasSource: Bool,
                       input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        var strategy = LogicalPlan.Partition.Strategy.legacy
        for p in parameters {
            switch p.name {
            case "hint.strategy":
                guard case .name(let v) = p.value.kind, let s = LogicalPlan.Partition.Strategy(rawValue: v) else {
                    throw fail(.invalidOperatorArgument, "partition's hint.strategy must be native, shuffle or legacy", p.value.span)
                }
                strategy = s
            case "hint.shufflekey", "hint.materialized", "hint.concurrency", "hint.spread":
                break
            default:
                throw fail(.invalidOperatorArgument, "partition does not take '\(p.name)' (hint.strategy, hint.shufflekey, hint.materialized, hint.concurrency, hint.spread)", p.value.span)
            }
        }
        guard case .name(let name) = key.kind, let keyIndex = input.schema.index(of: name) else {
            throw fail(.unknownName, "partition's key must be a column of the input", key.span)
        }
        if input.schema.fields[keyIndex].type == .dynamic {
            // As Kusto's binder: a dynamic value is not allowed as the partition key.
            throw fail(.argumentType, "partition's key cannot be a dynamic column", key.span)
        }
        let subInput = LogicalPlan.values(.init(table: Table(schema: input.schema, batches: []), isApplyInput: true))
        let sub: LogicalPlan
        if hasSource {
            let field = input.schema.fields[keyIndex]
            let keyRows = LogicalPlan.project(.init(input: subInput, columns: [(field.name, .column(index: keyIndex, type: field.type))]))
            let keyValue = BoundExpr.scalarSubquery(Subquery(id: newPlanId(), plan: .take(.init(input: keyRows, rows: 1))), type: field.type)
            var inner = scope
            inner.lets.bind(name, .scalar(keyValue), depth: 1)
            sub = try bindTabular(subquery, scope: inner)
        } else {
            sub = try bindApplySubquery(subquery, input: subInput, scope: scope, for: "partition")
        }
        return .partition(.init(input: input, key: keyIndex, strategy: strategy, subquery: sub, keySpan: key.span))
    }
}
