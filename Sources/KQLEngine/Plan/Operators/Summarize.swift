import KQLColumns

extension LogicalPlan {
    /// `summarize aggregates by keys`: one row per distinct key combination (one row in all when
    /// there are no keys): the keys, then each aggregate's output columns.
    struct Summarize: UnaryPlanNode {
        var input: LogicalPlan
        var keys: [(name: String, expr: BoundExpr)]
        var aggregates: [BoundAggregate]

        var schema: Schema { Schema(keys.map { Field($0.name, $0.expr.type) } + aggregates.flatMap { $0.outputFields }) }
        var asPlan: LogicalPlan { .summarize(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Summarize {
            Summarize(input: input, keys: try keys.map { ($0.name, try f($0.expr)) },
                      aggregates: try aggregates.map { try $0.mappingExpressions(f) })
        }
        var explainName: String { "Summarize" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("by", explainList(keys.map { "\($0.name)=\($0.expr.explainText(input))" })),
             ("aggregates", explainList(aggregates.map { $0.explainText(input) })),
             ("strategy", keys.isEmpty ? "single group" : "hash, partitioned by key across cores from 50,000 rows")]
        }
    }
}
