import KQLColumns
import KQLRegex
import KQLSyntax

extension CallSite {
    /// Compiles a constant regex argument once at bind time; invalid patterns are positioned errors.
    /// Returns nil when the pattern is not a constant (it is then compiled, cached, per distinct value).
    func constantRegex(_ i: Int, _ fn: String) throws -> CompiledRegex? {
        guard let c = constants[i] else { return nil }
        do { return try RegexCache.compiled(kqlString(c)) } catch let e as RegexSyntaxError {
            throw regexError(e, arg: i, fn: fn)
        }
    }
}

extension CallSite {
    /// A regex syntax error, pointing at the offending character when the pattern is a literal.
    func regexError(_ e: RegexSyntaxError, arg i: Int, fn: String) -> Diagnostic {
        let message = "\(fn)(): invalid regular expression: \(e.message)"
        if let source = session.source,
           let at = StringLiteralMap.sourceOffset(ofDecoded: e.offset, literalAt: argSpans[i], in: source) {
            return Diagnostic(code: .invalidRegex, message, span: Span(at, at + 1))
        }
        return error(message + " (at offset \(e.offset) of the pattern)", arg: i)
    }
}

func regexFor(_ constant: CompiledRegex?, _ pattern: Value) -> CompiledRegex? {
    constant ?? (try? RegexCache.compiled(kqlString(pattern)))
}
