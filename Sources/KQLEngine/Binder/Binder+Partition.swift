import KQLColumns
import KQLSyntax

extension Binder {
    /// `partition [hint.strategy=legacy|native|shuffle] [hint.* ...] by Column ( subquery )`
    /// (partition-operator.md). The subquery reads the input's rows of one key value (a
    /// placeholder with the input's schema); the output is the subquery's schema.
    /// The other hints (`hint.shufflekey`, `hint.materialized`, `hint.concurrency`,
    /// `hint.spread`) only steer Kusto's execution: they are checked by name and ignored.
    /// The `{ subquery with its own source }` form (legacy only) is not supported yet.
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
        if hasSource {
            throw fail(.unsupportedOperatorForm, "partition with a subquery that has its own source ({ ... }) is not supported yet; use ( ... ) over the partition's rows", subquery.span)
        }
        guard case .name(let name) = key.kind, let keyIndex = input.schema.index(of: name) else {
            throw fail(.unknownName, "partition's key must be a column of the input", key.span)
        }
        if input.schema.fields[keyIndex].type == .dynamic {
            // As Kusto's binder: a dynamic value is not allowed as the partition key.
            throw fail(.argumentType, "partition's key cannot be a dynamic column", key.span)
        }
        let subInput = LogicalPlan.values(.init(table: Table(schema: input.schema, batches: []), isApplyInput: true))
        let sub = try bindApplySubquery(subquery, input: subInput, scope: scope, for: "partition")
        if sub.readsApplyInputOnce {
            throw fail(.unsupportedOperatorForm, "partition's subquery reads its rows in a part run once per query (toscalar(), in (...), materialize(), as hint.materialized=true); not supported yet", subquery.span)
        }
        return .partition(.init(input: input, key: keyIndex, strategy: strategy, subquery: sub, keySpan: key.span))
    }
}
