import KQLColumns
import KQLSyntax

/// An `evaluate` plugin whose result is a function of its whole input table (sequence_detect,
/// funnel_sequence, funnel_sequence_completion, basket, autocluster, diffpatterns). Each plugin is
/// one struct in `Plan/Operators/<Name>.swift` holding its bound arguments (column indices and
/// constants: any expression is computed by a `Project` the binder puts under it) and its output
/// schema; its `run` is in `Execution/Executor+<Name>.swift`. They share one `LogicalPlan` case,
/// `tablePlugin`, so adding one touches no dispatch switch.
protocol TablePlugin {
    /// The plugin's name, for explain and for memory-budget messages.
    var name: String { get }
    /// The output schema.
    var schema: Schema { get }
    /// Its explain properties.
    var explainProperties: [(key: String, value: String)] { get }
    /// The result over the whole input; `context.checkpoint()` is called in long loops.
    func run(_ input: Table, context: QueryContext) throws -> Table
}

extension LogicalPlan {
    /// `evaluate` of a `TablePlugin` over `input` (run whole by the executor).
    struct TablePluginNode: UnaryPlanNode {
        var input: LogicalPlan
        var plugin: any TablePlugin

        var schema: Schema { plugin.schema }
        var asPlan: LogicalPlan { .tablePlugin(self) }
        var explainName: String { "Evaluate" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] { [("plugin", plugin.name)] + plugin.explainProperties }
    }
}

/// A plugin's cap passed: an error at the plugin's name.
func pluginLimit(_ plugin: String, _ what: String, span: Span) -> Diagnostic {
    Diagnostic(code: .pluginLimitExceeded, "\(plugin): \(what); narrow its input", span: span)
}
