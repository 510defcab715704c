import KQLColumns

extension LogicalPlan {
    /// `union`: rows of every input, column i of the output taken from `inputColumns[input][i]`
    /// (nil = null); with `withsource`, the first column holds `sourceLabels[input]`.
    struct Union: PlanNode {
        var inputs: [LogicalPlan]
        var schema: Schema
        var inputColumns: [[Int?]]
        var sourceLabels: [String]?

        var children: [LogicalPlan] { inputs }
        func withChildren(_ c: [LogicalPlan]) -> Union {
            var u = self
            u.inputs = c
            return u
        }
        var asPlan: LogicalPlan { .union(self) }
        var explainName: String { "Union" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            var props: [(key: String, value: String)] = [("columns", explainList(schema.names))]
            if sourceLabels != nil { props.append(("withsource", schema.fields[0].name)) }
            return props
        }
    }
}
