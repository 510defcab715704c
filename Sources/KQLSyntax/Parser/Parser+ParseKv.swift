extension Parser {
    /// `parse-kv Expr as (Key:type, ...) [with (name = value, ...)]`, after the keyword
    /// (parse-kv-operator.md). Option names are not checked here: the binder names a wrong one
    /// with its position, and checks the values and how the options combine.
    func parseParseKv(_ kw: Span) throws -> QueryOperator {
        let source = try parseOr()
        try expectWord("as")
        let keys = try parseSchema()
        var options: [Assignment] = []
        if acceptWord("with") {
            try expect(.lparen, "'('")
            if tok.kind != .rparen {
                repeat {
                    let start = tok.start
                    let name = try parseName()
                    let nameSpan = Span(start, lastEnd)
                    try expect(.equal, "'='")
                    // A bare word (`greedy=true`) or an expression, which the binder then refuses
                    // unless it is a literal (`strcat(...)` must reach it whole to be named).
                    let value = tok.kind == .identifier && peek(1).kind != .lparen ? try parseParameterValue() : try parseUnary()
                    options.append(Assignment(names: [name], nameSpan: nameSpan, value))
                } while accept(.comma)
            }
            try expect(.rparen, "')'")
        }
        return op(.parseKv(source: source, keys: keys, options: options), kw)
    }
}
