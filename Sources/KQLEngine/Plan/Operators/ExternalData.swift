import KQLColumns
import KQLSyntax

extension LogicalPlan {
    /// `externaldata`: rows the host provides for a request (URLs, declared columns, format).
    /// Binding builds it without fetching; the executor asks `QueryOptions.externalData`.
    struct ExternalData: LeafPlanNode {
        var request: ExternalDataRequest
        /// The operator keyword, where run-time errors (unreachable, HTTP status, bad content) point.
        var span: Span

        var schema: Schema { request.schema }
        var asPlan: LogicalPlan { .externalData(self) }
        var explainName: String { "ExternalData" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            var p: [(key: String, value: String)] = [
                ("columns", explainList(schema.names)),
                ("urls", explainList(request.urls.map(ExternalDataFormat.displayURL))),
                ("format", request.format?.rawValue ?? "by extension"),
            ]
            if request.ignoreFirstRecord { p.append(("ignoreFirstRecord", "true")) }
            if let z = request.zipPattern { p.append(("zipPattern", z)) }
            if let m = request.ingestionMapping {
                p.append(("ingestionMapping", explainList(zip(schema.names, m.pathTexts).map { "\($0)=\($1)" })))
            }
            return p
        }
    }
}
