import KQLColumns
import KQLSyntax

extension LogicalPlan {
    /// `partition by Column (subquery)`: the input's rows are split into sub-tables by the key
    /// column's value, `subquery` runs on each, and the output is the union of the results. The
    /// subquery is bound over a placeholder leaf (`Values` with `isApplyInput`, as mv-apply's)
    /// that the executor replaces with each sub-table; it is a child so that the walks (subquery
    /// resolution, optimizer rules, explain) see it.
    struct Partition: PlanNode {
        /// The strategies of partition-operator.md; they differ in Kusto's execution, not in the
        /// result, except that `legacy` (the default) fails past `legacyLimit` key values.
        enum Strategy: String { case legacy, native, shuffle }
        static let legacyLimit = 64

        var input: LogicalPlan
        var key: Int
        var strategy: Strategy
        var subquery: LogicalPlan
        /// The key column's span in the query, for the legacy strategy's error.
        var keySpan: Span

        var schema: Schema { subquery.schema }
        var children: [LogicalPlan] { [input, subquery] }
        func withChildren(_ c: [LogicalPlan]) -> Partition {
            var n = self
            n.input = c[0]
            n.subquery = c[1]
            return n
        }
        var asPlan: LogicalPlan { .partition(self) }
        var explainName: String { "Partition" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("by", input.fields[key].name), ("strategy", strategy.rawValue)]
        }
    }
}
