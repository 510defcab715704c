/// A problem found in a query: a stable code, a message and the byte span it is about.
/// Line and column are computed only when rendering (see `SourceText.location`).
public struct Diagnostic: Error, Hashable, Sendable {
    public enum Severity: String, Sendable { case error, warning }

    /// The stable code (see `DiagnosticCode`); printed as its raw value, e.g. `[KQB001]`.
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var span: Span
    /// A hint printed under the carets and given as `"help"` in JSON: `did you mean 'RemoteIP'?`
    /// (`Suggestion`), or how to fix the cause. Nil when there is none.
    public var help: String?

    public init(code: DiagnosticCode, _ message: String, span: Span, severity: Severity = .error, help: String? = nil) {
        self.code = code; self.message = message; self.span = span; self.severity = severity; self.help = help
    }

    /// This diagnostic with `help` set (kept as it was when `help` is nil).
    public func helping(_ help: String?) -> Diagnostic {
        guard let help else { return self }
        var d = self
        d.help = help
        return d
    }

    /// `line:col: error: message`, the source line, `^^^` under the span, and `help: …` when there is help.
    public func rendered(in source: SourceText, fileName: String? = nil) -> String {
        let (line, col) = source.location(of: span.start)
        var out = "\(fileName.map { $0 + ":" } ?? "")\(line):\(col): \(severity.rawValue): \(message) [\(code.rawValue)]\n"
        let text = source.line(line)
        out += text + "\n"
        let (endLine, endCol) = source.location(of: Swift.max(span.start, span.end))
        let width = endLine == line ? Swift.max(1, endCol - col) : Swift.max(1, text.count - col + 1)
        out += String(repeating: " ", count: col - 1) + String(repeating: "^", count: width)
        if let help { out += "\nhelp: " + help }
        return out
    }
}
