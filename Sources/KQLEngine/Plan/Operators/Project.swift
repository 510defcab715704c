import KQLColumns

extension LogicalPlan {
    /// `project`, `extend`, `project-away`, `project-rename`, …: computes `columns` over the
    /// input; the output is exactly those columns in order.
    struct Project: UnaryPlanNode {
        var input: LogicalPlan
        var columns: [(name: String, expr: BoundExpr)]

        var schema: Schema { Schema(columns.map { Field($0.name, $0.expr.type) }) }
        var asPlan: LogicalPlan { .project(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Project {
            Project(input: input, columns: try columns.map { ($0.name, try f($0.expr)) })
        }
        var explainName: String { "Project" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("columns", explainList(columns.map { c in
                if case .column(let i, _) = c.expr, i < input.fields.count, input.fields[i].name == c.name { return c.name }
                return "\(c.name)=\(c.expr.explainText(input))"
            }))]
        }
    }
}
