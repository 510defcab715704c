import KQLColumns

extension LogicalPlan {
    /// `mv-expand`: one row per element of dynamic arrays (or bag properties).
    struct MvExpand: UnaryPlanNode {
        struct Item {
            var expr: BoundExpr
            /// Output column index the expanded values go to.
            var output: Int
            var type: KQLType
        }
        var input: LogicalPlan
        var items: [Item]
        var itemIndexColumn: Int?
        var limit: Int?
        var bagAsArray: Bool
        var schema: Schema

        var asPlan: LogicalPlan { .mvExpand(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> MvExpand {
            var n = self
            n.items = try items.map { var i = $0; i.expr = try f($0.expr); return i }
            return n
        }
        var explainName: String { "MvExpand" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            var props: [(key: String, value: String)] = [("items", explainList(items.map { "\(schema.fields[$0.output].name)=\($0.expr.explainText(input))" }))]
            if let l = limit { props.append(("limit", String(l))) }
            return props
        }
    }
}
