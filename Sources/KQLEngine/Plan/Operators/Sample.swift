import KQLColumns

extension LogicalPlan {
    /// `sample N` (and the last step of `sample-distinct`): up to `rows` input rows picked at random.
    struct Sample: UnaryPlanNode {
        var input: LogicalPlan
        var rows: Int

        var schema: Schema { input.schema }
        var asPlan: LogicalPlan { .sample(self) }
        var explainName: String { "Sample" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] { [("rows", String(rows))] }
    }
}

extension LogicalPlan {
    /// Whether the plan samples rows outside a shared node. A tabular `let` over such a plan is not
    /// shared: Kusto evaluates a sample again at each reference (sample-operator.md), while
    /// `materialize()` keeps one result.
    var containsSample: Bool {
        if case .sample = self { return true }
        if case .shared = self { return false }
        return children.contains { $0.containsSample }
    }
}
