/// A problem found in a query: a stable code, a message and the byte span it is about.
/// Line and column are computed only when rendering (see `SourceText.location`).
public struct Diagnostic: Error, Hashable, Sendable {
    public enum Severity: String, Sendable { case error, warning }

    /// The stable code (see `DiagnosticCode`); printed as its raw value, e.g. `[KQB001]`.
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var span: Span

    public init(code: DiagnosticCode, _ message: String, span: Span, severity: Severity = .error) {
        self.code = code; self.message = message; self.span = span; self.severity = severity
    }

    /// `line:col: error: message`, the source line, and `^^^` under the span.
    public func rendered(in source: SourceText, fileName: String? = nil) -> String {
        let (line, col) = source.location(of: span.start)
        var out = "\(fileName.map { $0 + ":" } ?? "")\(line):\(col): \(severity.rawValue): \(message) [\(code.rawValue)]\n"
        let text = source.line(line)
        out += text + "\n"
        let (endLine, endCol) = source.location(of: Swift.max(span.start, span.end))
        let width = endLine == line ? Swift.max(1, endCol - col) : Swift.max(1, text.count - col + 1)
        out += String(repeating: " ", count: col - 1) + String(repeating: "^", count: width)
        return out
    }
}
