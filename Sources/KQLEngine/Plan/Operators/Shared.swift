import KQLColumns

extension LogicalPlan {
    /// A shared subplan (`materialize()`, a tabular `let`): every reference carries the same id
    /// and an equal plan (rewrites are deterministic, and projection pushdown stops at a shared
    /// node), so the executor may run the first one it meets and reuse the result for the rest.
    /// `explain` shows its tree at its first reference only.
    struct Shared: PlanNode {
        var id: Int
        var plan: LogicalPlan

        var children: [LogicalPlan] { [plan] }
        func withChildren(_ c: [LogicalPlan]) -> Shared { Shared(id: id, plan: c[0]) }
        var schema: Schema { plan.schema }
        var asPlan: LogicalPlan { .shared(self) }
        var explainName: String { "Shared" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] { [("id", String(id)), ("runs", "once")] }
    }
}
