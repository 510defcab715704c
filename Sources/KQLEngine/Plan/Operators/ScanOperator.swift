import KQLColumns

extension LogicalPlan {
    /// The `scan` operator (scan-operator.md; not the table scan, `TableScan`): a state machine
    /// over the serialized input. A record's row is the input's columns then the declared ones;
    /// the steps' expressions are bound over that row followed by one copy of it per step,
    /// named `step.Column` (the state's values of that step, null where the state has none).
    struct ScanOperator: UnaryPlanNode {
        enum Output: String { case all, last, none }
        struct Step {
            var name: String
            var output: Output
            var condition: BoundExpr
            /// (index in the row, value) for `=> Column = expr, ...`.
            var assignments: [(column: Int, value: BoundExpr)]
        }
        var input: LogicalPlan
        /// The declared columns' defaults, in order (typed nulls where none is given).
        var defaults: [Value]
        var steps: [Step]
        /// The row: the input's fields then the declared ones.
        var rowFields: [Field]
        var matchId: String?

        var schema: Schema { Schema(rowFields + (matchId.map { [Field($0, .long)] } ?? [])) }
        var asPlan: LogicalPlan { .scanOperator(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> ScanOperator {
            var n = self
            n.steps = try steps.map { s in
                var s = s
                s.condition = try f(s.condition)
                s.assignments = try s.assignments.map { ($0.column, try f($0.value)) }
                return s
            }
            return n
        }
        var explainName: String { "ScanOperator" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            var props: [(key: String, value: String)] = [("steps", explainList(steps.map { "\($0.name)(output=\($0.output.rawValue))" }))]
            if let m = matchId { props.append(("with_match_id", m)) }
            return props
        }
    }
}
