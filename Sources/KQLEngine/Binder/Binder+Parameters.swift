import KQLColumns
import KQLSyntax

extension Binder {
    /// A `--set NAME=VALUE` override of a top-level scalar `let`, taken in the type of the value it
    /// replaces (issue 13 §5):
    /// - string: the text as written (quotes are not part of it);
    /// - datetime: ISO 8601 text (`2025-02-02`, `2025-02-02T10:00:00Z`) or a KQL expression giving a
    ///   datetime (`ago(7d)`, `datetime(2025-02-02)`);
    /// - timespan: `7d`, `1h30m`-style KQL literals, `[d.]hh:mm:ss` text, or an expression;
    /// - numbers and bool: a KQL literal or expression of that type (a long `let` takes an int);
    /// - dynamic: JSON (or a KQL `dynamic(...)` literal);
    /// - guid: the GUID text.
    /// A value that is not of that type is an error naming the flag; a tabular `let` cannot be set.
    func typedOverride(_ name: String, text: String, original: Expr, scope: Scope, nameSpan: Span) throws -> LetBinding {
        let flag = overrideLabels[name] ?? "--set \(name)"
        if isTabular(original, scope: scope) {
            throw fail(.invalidLiteral, "\(flag): 'let \(name)' is a table; --set replaces scalar values only", nameSpan)
        }
        let type = try bindScalar(original, schema: Schema([]), scope: scope).type
        return try typedValue(text, type: type, scope: scope, span: nameSpan, original: original) { why in
            self.fail(.invalidLiteral, "\(flag): '\(text)' is not a \(type.rawValue) (the type of 'let \(name)')\(why)", nameSpan)
        }
    }

    /// A `declare query_parameters` parameter: the request's value (`QueryOptions.queryParameters`)
    /// read in the declared type as `--set` reads text, else the default, else an error (a schema
    /// check, which has no request, binds a null of the type).
    func queryParameter(_ p: TypedName, scope: Scope) throws -> LetBinding {
        guard let type = KQLType(name: p.type) else {
            throw fail(.unknownType, "query parameter '\(p.name)': unknown type '\(p.type)'", p.span)
        }
        if let text = queryParameters?[p.name] {
            return try typedValue(text, type: type, scope: scope, span: p.span, original: nil) { why in
                self.fail(.invalidLiteral, "query parameter '\(p.name)': '\(text)' is not a \(type.rawValue) (its declared type)\(why)", p.span)
            }
        }
        if let d = p.defaultValue {
            let bound = try bindScalar(d, schema: Schema([]), scope: scope)
            if bound.type == type { return .scalar(bound) }
            if type == .real, bound.type.isNumeric, let v = bound.constantValue, let x = numericDouble(v) { return .scalar(.constant(.real(x))) }
            if type == .long, bound.type == .int, let v = bound.constantValue, let i = integerValue(v) { return .scalar(.constant(.long(i))) }
            throw fail(.argumentType, "query parameter '\(p.name)': its default is a \(bound.type.rawValue), not a \(type.rawValue)", d.span)
        }
        if queryParameters == nil { return .scalar(.constant(.null(type))) }
        throw fail(.missingQueryParameter, "query parameter '\(p.name)' has no value: the request's Parameters do not give one and its declaration has no default", p.span)
    }

    /// `text` read as a value of `type` (see `typedOverride`); `bad` makes the error for text that is not one.
    func typedValue(_ text: String, type: KQLType, scope: Scope, span: Span, original: Expr?,
                    bad makeError: (_ why: String) -> Diagnostic) throws -> LetBinding {
        func bad(_ why: String = "") -> Diagnostic { makeError(why) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch type {
        case .string:
            // Quotes a shell passed through are not part of the value: `--set 'S="x"'` is x.
            if text.count >= 2, let q = text.first, q == "\"" || q == "'", text.last == q {
                return .scalar(.constant(.string(String(text.dropFirst().dropLast()))))
            }
            return .scalar(.constant(.string(text)))
        case .datetime:
            if let t = DateTime.parse(Substring(trimmed)) { return .scalar(.constant(.datetime(t))) }
        case .timespan:
            if let t = parseTimespanLiteralText(trimmed) ?? TimeSpan.parse(Substring(trimmed)) { return .scalar(.constant(.timespan(t))) }
        case .guid:
            if let g = GUID(parsing: Substring(trimmed)) { return .scalar(.constant(.guid(g))) }
            throw bad()
        case .dynamic:
            if let j = try? JSON.parse(Array(trimmed.utf8)) { return .scalar(.constant(.dynamic(j))) }
        default:
            break
        }
        // Otherwise a KQL expression of the let's type (numbers widen as a `let` of that type would).
        guard let e = parseOverrideExpression(trimmed, span: original?.span ?? span) else { throw bad() }
        guard let bound = try? bindScalar(e, schema: Schema([]), scope: scope) else { throw bad() }
        if bound.type == type { return .scalar(bound) }
        if type.isNumeric && bound.type.isNumeric, let v = bound.constantValue {
            if type == .real, let d = numericDouble(v) { return .scalar(.constant(.real(d))) }
            if type == .long || type == .int, let i = integerValue(v), bound.type != .real {
                return .scalar(.constant(type == .long ? .long(i) : (Int32(exactly: i).map(Value.int) ?? .long(i))))
            }
        }
        throw bad(", it is a \(bound.type.rawValue)")
    }

    /// `text` parsed as one KQL scalar expression (`print <text>`), its spans moved onto the `let`.
    private func parseOverrideExpression(_ text: String, span: Span) -> Expr? {
        let (q, diags) = KQLParser.parse(SourceText("print " + text))
        guard diags.isEmpty, q.statements.count == 1, let st = q.statements.first, case .expression(let e) = st.kind,
              case .source(let op) = e.kind, case .print(let items) = op.kind, items.count == 1, items[0].names.isEmpty else { return nil }
        return rebaseSpans(items[0].value, to: span)
    }
}
