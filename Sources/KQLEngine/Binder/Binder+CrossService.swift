import KQLColumns
import KQLSyntax

/// Cross-service and cross-workspace table references: `arg("").Resources` (Azure Resource
/// Graph), `adx("…").Table`, `workspace("…").Table`, `app("…").Table`. Kusto reads the table from
/// the other service or workspace; Quarry has one set of local tables, so the reference reads the
/// local table of that name (a file the analyst exported from that service), with one warning
/// naming what was read. `cluster("…").database("…").Table` and `database("…").Table` name a Kusto
/// cluster's databases, which do not exist outside one: an error that says so.
extension Binder {
    static let crossServiceFunctions: [String: String] = [
        "arg": "Azure Resource Graph", "adx": "Azure Data Explorer", "workspace": "another Log Analytics workspace",
        "app": "an Application Insights resource",
    ]

    /// The plan of `base.name` when `base` is a cross-service call; nil when it is not one.
    func bindCrossServiceTable(base: Expr, name: String, span: Span, scope: Scope) throws -> LogicalPlan? {
        guard case .call(let fn, let nameSpan, _) = base.kind else { return nil }
        if fn == "database" || fn.hasPrefix("cluster(") || fn == "cluster" {
            throw fail(.unsupportedFunction, "\(fn)(): a Kusto cluster's databases are not available outside a Kusto cluster; bind the table '\(name)' as a local file and name it directly", nameSpan)
        }
        guard let service = Self.crossServiceFunctions[fn] else { return nil }
        let plan = try bindTabular(Expr(.name(name), span), scope: scope)
        warnOnce("\(fn)(…).\(name): \(service) is not reachable from Quarry; read the local table '\(name)' in its place")
        return plan
    }
}
