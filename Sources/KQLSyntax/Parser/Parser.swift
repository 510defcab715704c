/// Entry point of the parser. (Placeholder until the recovering parser lands.)
public enum KQLParser {
    /// Parses a query, returning the tree (possibly partial) and every diagnostic found.
    public static func parse(_ source: SourceText) -> (query: Query, diagnostics: [Diagnostic]) {
        (Query(statements: [], span: Span(0, source.bytes.count)),
         [Diagnostic(code: "KQS000", "parser not implemented yet", span: Span(0, 0))])
    }
}
