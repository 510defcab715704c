import KQLColumns

/// What every logical operator is: a struct holding its inputs (`children`) and its own data,
/// that can give its output schema, rebuild itself over new inputs, rewrite its own expressions
/// and describe itself for `explain`. The walks in `PlanWalk.swift` and the printer in
/// `Explain.swift` are written once against this protocol (through `LogicalPlan.node`), so a new
/// operator is one struct in `Plan/Operators/` plus its case in `LogicalPlan`.
protocol PlanNode {
    /// The input plans, in a fixed order (a shared node's plan is its one child).
    var children: [LogicalPlan] { get }
    /// The same node over new children (as many, in the order of `children`).
    func withChildren(_ c: [LogicalPlan]) -> Self
    /// The output schema.
    var schema: Schema { get }
    /// The node with each of its own scalar expressions rewritten by `f` (children untouched).
    func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Self
    /// The node wrapped in its `LogicalPlan` case.
    var asPlan: LogicalPlan { get }
    /// The operator's name in `explain` output (`Filter`, `Summarize`, …).
    var explainName: String { get }
    /// Its `explain` properties, in a fixed order; expressions are printed against `input`, the
    /// first child's schema (empty for a leaf).
    func explainProperties(input: Schema) -> [(key: String, value: String)]
}

extension PlanNode {
    func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Self { self }
    func explainProperties(input: Schema) -> [(key: String, value: String)] { [] }
}

/// A node without inputs.
protocol LeafPlanNode: PlanNode {}

extension LeafPlanNode {
    var children: [LogicalPlan] { [] }
    func withChildren(_ c: [LogicalPlan]) -> Self { self }
}

/// A node with one input, stored as `input`.
protocol UnaryPlanNode: PlanNode {
    var input: LogicalPlan { get set }
}

extension UnaryPlanNode {
    var children: [LogicalPlan] { [input] }
    func withChildren(_ c: [LogicalPlan]) -> Self {
        var n = self
        n.input = c[0]
        return n
    }
}

/// `[a, b, c]`, as explain prints lists.
func explainList(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

extension BoundAggregate {
    /// The aggregate with `f` applied to its argument and carried expressions.
    func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> BoundAggregate {
        var b = self
        b.args = try args.map(f)
        b.carried = try carried.map(f)
        return b
    }
}
