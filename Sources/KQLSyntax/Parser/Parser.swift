/// Entry point of the parser.
public enum KQLParser {
    /// Parses a query, returning the tree (possibly partial) and every diagnostic found.
    /// Never traps and always terminates; after an error it resumes at the next `|`, `;` or
    /// closing bracket, so one call can report several errors.
    public static func parse(_ source: SourceText) -> (query: Query, diagnostics: [Diagnostic]) {
        var lexer = Lexer(source.bytes)
        let (tokens, lexDiagnostics) = lexer.run()
        let parser = Parser(bytes: source.bytes, tokens: tokens)
        parser.diagnostics = lexDiagnostics
        var query = parser.parseQuery(inBraces: false)
        query.directives = lexer.directives.map { String(decoding: source.bytes[$0.start..<$0.end], as: UTF8.self) }
        let diagnostics = parser.diagnostics.sorted { $0.span.start < $1.span.start }
        return (query, diagnostics)
    }
}

/// Thrown after a diagnostic has been recorded; caught where the parser can resynchronize.
struct ParseAbort: Error {}

final class Parser {
    let src: [UInt8]
    let toks: [Token]
    /// Bracket nesting level of every token (an opener and its closer share their level).
    let level: [Int32]
    var p = 0
    var diagnostics: [Diagnostic] = []
    var reportedStarts = Set<Int>()
    /// Inside `search`'s predicate, where `Column:"term"` is allowed.
    var inSearchPredicate = false
    var depth = 0
    static let maxDepth = 80
    /// Links of unparenthesised chains on the current path: terms of `a + b + ...`, `a or b or ...`,
    /// pipe stages, member accesses. Each makes the tree one level deeper, so it is capped like
    /// bracket nesting (every later stage walks the tree recursively).
    var chain = 0
    static let maxChain = 1000
    var reportedTooDeep = false

    init(bytes: [UInt8], tokens: [Token]) {
        src = bytes
        toks = tokens
        var lv = [Int32](repeating: 0, count: tokens.count)
        var d: Int32 = 0
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .lparen, .lbracket, .lbrace: lv[i] = d; d += 1
            case .rparen, .rbracket, .rbrace: d = Swift.max(0, d - 1); lv[i] = d
            default: lv[i] = d
            }
        }
        level = lv
    }

    // MARK: tokens

    @inline(__always) var tok: Token { toks[p] }
    @inline(__always) func peek(_ k: Int) -> Token { toks[Swift.min(p + k, toks.count - 1)] }
    @inline(__always) var atEnd: Bool { toks[p].kind == .eof }

    @discardableResult func advance() -> Token {
        let t = toks[p]
        if t.kind != .eof { p += 1 }
        return t
    }

    func text(_ t: Token) -> String { String(decoding: src[t.start..<t.end], as: UTF8.self) }

    func isWord(_ t: Token, _ w: String) -> Bool {
        guard t.kind == .identifier, t.end - t.start == w.utf8.count else { return false }
        return src[t.start..<t.end].elementsEqual(w.utf8)
    }
    @inline(__always) func isWord(_ w: String) -> Bool { isWord(tok, w) }

    func acceptWord(_ w: String) -> Bool {
        if isWord(w) { advance(); return true }
        return false
    }

    func accept(_ k: TokenKind) -> Bool {
        if tok.kind == k { advance(); return true }
        return false
    }

    /// End offset of the last consumed token.
    var lastEnd: Int { p > 0 ? toks[p - 1].end : 0 }

    // MARK: diagnostics

    /// Records an error, unless one was already reported at the same offset (one error per place).
    func report(_ code: DiagnosticCode, _ message: String, _ span: Span, help: String? = nil) {
        if reportedStarts.isEmpty { for d in diagnostics { reportedStarts.insert(d.span.start) } }
        guard reportedStarts.insert(span.start).inserted else { return }
        diagnostics.append(Diagnostic(code: code, message, span: span, help: help))
    }

    func fail(_ code: DiagnosticCode, _ message: String, _ span: Span, help: String? = nil) -> ParseAbort {
        report(code, message, span, help: help)
        return ParseAbort()
    }

    /// "expected X" at the current token; but when that token is on a later line than the previous
    /// one (or is the end of input), right after the previous token, where X was due (as Kusto does).
    func expected(_ what: String) -> ParseAbort {
        fail(.expectedToken, "expected \(what)", expectedSpan())
    }

    func expectedSpan() -> Span {
        let prevEnd = lastEnd
        if p > 0 && (tok.kind == .eof || src[prevEnd..<tok.start].contains(10)) { return Span(prevEnd, prevEnd) }
        if tok.kind == .eof { return Span(src.count, src.count) }
        return tok.span
    }

    @discardableResult func expect(_ k: TokenKind, _ what: String) throws -> Token {
        if tok.kind == k { return advance() }
        throw expected(what)
    }

    func expectWord(_ w: String) throws {
        if isWord(w) { advance(); return }
        // A near miss of the one word expected (`sort bi x`): one edit, even for a short word.
        let near = tok.kind == .identifier && text(tok).count >= 2
            && Suggestion.distance(Array(text(tok).lowercased().unicodeScalars), Array(w.unicodeScalars), limit: 1) <= 1
        throw fail(.expectedToken, "expected '\(w)'", expectedSpan(), help: near ? "did you mean '\(w)'?" : nil)
    }

    /// Keywords that continue an expression or a clause, for "did you mean" where a statement
    /// ended at an unknown word (`where x contians "a"`).
    static let continuationKeywords = stringOps.keys.sorted() + [
        "and", "or", "in", "in~", "between", "matches", "has_any", "has_all", "by", "on", "with", "to", "from", "step", "asc", "desc",
    ]

    /// Skips to the next `|` or `;` at nesting level `lv`, or to the closer of an enclosing bracket
    /// (brackets opened at or after the error are skipped whole).
    func sync(_ lv: Int32) {
        while toks[p].kind != .eof {
            let l = level[p]
            if l < lv { return }
            if l == lv {
                let k = toks[p].kind
                if k == .pipe || k == .semicolon { return }
            }
            p += 1
        }
    }

    /// Whether a token can begin a statement (used to resume after a missing `;`).
    func canStartStatement(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier, .int, .real, .timespan, .string, .lparen, .lbracket, .minus, .plus, .star: return true
        default: return false
        }
    }

    func enter() throws {
        depth += 1
        if depth > Parser.maxDepth {
            throw fail(.nestingTooDeep, "query is nested too deeply", tok.span)
        }
    }
    func leave() { depth -= 1 }

    /// One more link of a chain, at the operator token `t`; fails past `maxChain`. Callers restore
    /// `chain` when their loop ends.
    func link(_ t: Token) throws {
        chain += 1
        if chain > Parser.maxChain { throw tooDeep(t) }
    }

    /// The chain limit's error, reported once per query (the rest of the chain is skipped).
    func tooDeep(_ t: Token) -> ParseAbort {
        if reportedTooDeep { return ParseAbort() }
        reportedTooDeep = true
        return fail(.chainTooLong, "query too deep: more than \(Parser.maxChain) chained operators, terms or pipe stages", t.span)
    }

    // MARK: statements

    func parseQuery(inBraces: Bool) -> Query {
        let start = tok.start
        var statements: [Statement] = []
        while true {
            while tok.kind == .semicolon { advance() }
            if atEnd || (inBraces && tok.kind == .rbrace) { break }
            let before = p
            let lv = level[p]
            do {
                statements.append(try parseStatement())
            } catch {
                sync(lv)
            }
            if tok.kind == .semicolon { continue }
            if atEnd || (inBraces && tok.kind == .rbrace) { break }
            switch tok.kind {
            case .rparen, .rbracket, .rbrace:
                report(.unexpectedToken, "unexpected '\(text(tok))'", tok.span)
                advance()
            case .bad:
                advance()   // the lexer reported it
            default:
                // Like Kusto: under the next token when it is on the same line, else right after
                // the statement that ended.
                let help = tok.kind == .identifier ? Suggestion.help(for: text(tok), among: Self.continuationKeywords) : nil
                report(.expectedToken, "expected ';'", p > before ? expectedSpan() : Span(tok.start, tok.start), help: help)
                if p == before { advance() }
                if !canStartStatement(tok) {
                    // nothing sensible follows: skip to the next statement without more errors
                    advance()
                    sync(lv)
                }
            }
        }
        let end = inBraces ? tok.start : src.count
        return Query(statements: statements, span: Span(start, Swift.max(start, end)))
    }

    func parseStatement() throws -> Statement {
        let start = tok.start
        if isWord("let") && startsName(peek(1)) {
            advance()
            return try parseLet(start)
        }
        if isWord("set") && peek(1).kind == .identifier {
            advance()
            let name = try parseDottedName()
            var value: Expr? = nil
            if accept(.equal) { value = try parseUnary() }
            return Statement(.set(name: name, value: value), Span(start, lastEnd))
        }
        if isWord("declare") && isWord(peek(1), "query_parameters") {
            advance()
            if acceptWord("query_parameters") {
                try expect(.lparen, "'('")
                var declared: [TypedName] = []
                if tok.kind != .rparen {
                    repeat { declared.append(try parseTypedName(allowDefault: true)) } while accept(.comma)
                }
                try expect(.rparen, "')'")
                var st = Statement(.other(name: "declare query_parameters"), Span(start, lastEnd))
                st.queryParameters = declared
                return st
            }
        }
        if (isWord("declare") && isWord(peek(1), "pattern")) || (isWord("restrict") && isWord(peek(1), "access")) {
            // `declare pattern p = (...)[...] { ... }` and `restrict access to (...)`: syntax skimmed
            let name = isWord("declare") ? "declare pattern" : "restrict"
            advance(); advance()
            skipBalancedClause()
            return Statement(.other(name: name), Span(start, lastEnd))
        }
        if isWord("alias") && isWord(peek(1), "database") {
            advance(); advance()
            _ = try parseName()
            try expect(.equal, "'='")
            _ = try parseOr()
            return Statement(.other(name: "alias"), Span(start, lastEnd))
        }
        let e = try parsePipeExpr()
        return Statement(.expression(e), Span(start, lastEnd))
    }

    /// A token that can begin a name: an identifier or `[`'x'`]`.
    func startsName(_ t: Token) -> Bool {
        t.kind == .identifier || t.kind == .lbracket
    }

    func parseLet(_ start: Int) throws -> Statement {
        let nameTok = tok
        let name = try parseName()
        let nameSpan = Span(nameTok.start, lastEnd)
        try expect(.equal, "'='")
        var isView = false
        if isWord("view") && peek(1).kind == .lparen { advance(); isView = true }
        if isView || isFunctionStart() {
            let params = try parseParameterList()
            try expect(.lbrace, "'{'")
            try enter()
            let body = parseQuery(inBraces: true)
            leave()
            try expect(.rbrace, "'}'")
            return Statement(.letFunction(name: name, nameSpan: nameSpan, parameters: params, body: body), Span(start, lastEnd))
        }
        let value = try parsePipeExpr()
        return Statement(.let(name: name, nameSpan: nameSpan, value: value), Span(start, lastEnd))
    }

    /// At `(`: `()` `{`, or `(name :` — a function's parameter list rather than a parenthesized value.
    func isFunctionStart() -> Bool {
        guard tok.kind == .lparen else { return false }
        let a = peek(1), b = peek(2)
        if a.kind == .rparen { return b.kind == .lbrace }
        if a.kind == .identifier && b.kind == .colon { return true }
        if a.kind == .lbracket && peek(2).kind == .string && peek(3).kind == .rbracket && peek(4).kind == .colon { return true }
        return false
    }

    func parseParameterList() throws -> [FunctionParameter] {
        try expect(.lparen, "'('")
        var params: [FunctionParameter] = []
        if tok.kind != .rparen {
            repeat {
                let s = tok.start
                let name = try parseName()
                try expect(.colon, "':'")
                if tok.kind == .lparen {
                    let schema = try parseSchema()
                    params.append(FunctionParameter(name: name, span: Span(s, lastEnd), type: nil, tabularSchema: schema))
                } else {
                    let type = try parseTypeName()
                    var def: Expr? = nil
                    if accept(.equal) { def = try parseUnary() }
                    params.append(FunctionParameter(name: name, span: Span(s, lastEnd), type: type, defaultValue: def))
                }
            } while accept(.comma)
        }
        try expect(.rparen, "')'")
        return params
    }

    /// `( name = value, ... )` after a `with`: the options of externaldata and parse-kv, each name
    /// with its span (the binder names a wrong one there).
    func parseOptionList(name: () throws -> String, value: () throws -> Expr) throws -> [Assignment] {
        try expect(.lparen, "'('")
        var options: [Assignment] = []
        if tok.kind != .rparen {
            repeat {
                let start = tok.start
                let n = try name()
                let nameSpan = Span(start, lastEnd)
                try expect(.equal, "'='")
                options.append(Assignment(names: [n], nameSpan: nameSpan, try value()))
            } while accept(.comma)
        }
        try expect(.rparen, "')'")
        return options
    }

    /// `(*)` or `(a:string, b:long)`; with `allowStar`, also `(*, a:string)` (evaluate's output
    /// schema). A `*` entry has name and type "*".
    func parseSchema(allowStar: Bool = false) throws -> [TypedName] {
        try expect(.lparen, "'('")
        var cols: [TypedName] = []
        if tok.kind == .star && peek(1).kind == .rparen {
            let t = advance()
            cols.append(TypedName(name: "*", type: "*", span: t.span))
        } else if tok.kind != .rparen {
            cols = try parseSchemaItems(allowStar: allowStar)
        }
        try expect(.rparen, "')'")
        return cols
    }

    /// A trailing comma before `)` is taken (`externaldata(a:string, b:int,)`), as Kusto's parser
    /// takes it in a schema.
    func parseSchemaItems(allowStar: Bool) throws -> [TypedName] {
        var cols: [TypedName] = []
        repeat {
            if !cols.isEmpty && tok.kind == .rparen { break }
            if allowStar && tok.kind == .star {
                let t = advance()
                cols.append(TypedName(name: "*", type: "*", span: t.span))
            } else {
                cols.append(try parseTypedName(allowDefault: false))
            }
        } while accept(.comma)
        return cols
    }

    /// `name : type [= default]`.
    func parseTypedName(allowDefault: Bool) throws -> TypedName {
        let s = tok.start
        let name = try parseName()
        try expect(.colon, "':'")
        let type = try parseTypeName()
        var def: Expr? = nil
        if allowDefault && accept(.equal) { def = try parseUnary() }
        return TypedName(name: name, type: type, span: Span(s, lastEnd), defaultValue: def)
    }

    func parseTypeName() throws -> String {
        guard tok.kind == .identifier else { throw expected("a type name") }
        return text(advance())
    }

    /// An identifier (keywords included) or a bracketed name `['a b']` / `["a"]`.
    func parseName() throws -> String {
        if tok.kind == .identifier { return text(advance()) }
        if tok.kind == .lbracket && peek(1).kind == .string {
            advance()
            var s = ""
            while tok.kind == .string { s += decodeString(advance()) }
            try expect(.rbracket, "']'")
            return s
        }
        throw expected("a name")
    }

    /// `a.b.c` as one string (settings, parameter names such as `hint.strategy`).
    func parseDottedName() throws -> String {
        var s = try parseName()
        while tok.kind == .dot && peek(1).kind == .identifier && !tok.spaceBefore {
            advance()
            s += "." + text(advance())
        }
        return s
    }
}
