import KQLColumns
import KQLRegex

extension LogicalPlan {
    /// `parse` / `parse-where`: splits a string by a pattern into typed columns.
    struct Parse: UnaryPlanNode {
        var input: LogicalPlan
        var source: BoundExpr
        var regex: CompiledRegex
        /// Output column index, type and regex group number of each extracted column, in order.
        var columns: [(output: Int, type: KQLType, group: Int)]
        var relaxed: Bool
        var dropUnmatched: Bool
        var schema: Schema

        var asPlan: LogicalPlan { .parse(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Parse {
            var n = self
            n.source = try f(source)
            return n
        }
        var explainName: String { "Parse" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("source", source.explainText(input)), ("columns", explainList(columns.map { schema.fields[$0.output].name }))]
        }
    }
}
