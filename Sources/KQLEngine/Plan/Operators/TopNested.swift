import KQLColumns

extension LogicalPlan {
    /// `top-nested`: `levels[k]` is the level's summarize (keys of levels 0...k, then its aggregate);
    /// the executor keeps, per partition of level k-1, the top `counts[k]` groups (nil = all) by the
    /// aggregate. `others` (last level only) adds a row per partition whose aggregate is `combine` of
    /// the left-out groups'.
    struct TopNested: PlanNode {
        enum Combine { case sum, min, max }
        var levels: [LogicalPlan]
        var counts: [Int?]
        var ascending: [Bool]
        var others: Value?
        var combine: Combine?
        var schema: Schema

        var children: [LogicalPlan] { levels }
        func withChildren(_ c: [LogicalPlan]) -> TopNested {
            var n = self
            n.levels = c
            return n
        }
        var asPlan: LogicalPlan { .topNested(self) }
        var explainName: String { "TopNested" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            var props: [(key: String, value: String)] = [
                ("columns", explainList(schema.names)),
                ("counts", explainList(counts.map { $0.map(String.init) ?? "all" })),
                ("order", explainList(ascending.map { $0 ? "asc" : "desc" }))]
            if let others { props.append(("others", kqlString(others))) }
            return props
        }
    }
}
