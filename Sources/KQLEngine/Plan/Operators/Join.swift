import KQLColumns

enum JoinKind: String {
    case innerunique, inner, leftouter, rightouter, fullouter, leftsemi, leftanti, rightsemi, rightanti
}

extension LogicalPlan {
    /// `join` / `lookup`: rows of `left` and `right` matched on key columns; see `JoinKind`.
    struct Join: PlanNode {
        var left: LogicalPlan
        var right: LogicalPlan
        var kind: JoinKind
        var leftKeys: [Int]
        var rightKeys: [Int]
        /// Output: left columns (unless right-only), then right columns (unless left-only).
        var schema: Schema
        /// For lookup: the right columns to output (all when nil).
        var rightOutput: [Int]? = nil

        var children: [LogicalPlan] { [left, right] }
        func withChildren(_ c: [LogicalPlan]) -> Join {
            var j = self
            j.left = c[0]
            j.right = c[1]
            return j
        }
        var asPlan: LogicalPlan { .join(self) }
        var explainName: String { "Join" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            let l = left.schema, r = right.schema
            let keys = zip(leftKeys, rightKeys).map { "$left.\(l.fields[$0].name) == $right.\(r.fields[$1].name)" }
            return [("kind", kind.rawValue), ("on", explainList(keys)), ("strategy", "hash, right side built")]
        }
    }
}
