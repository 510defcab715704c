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
            // A bare word (`greedy=true`) or an expression, which the binder then refuses unless it
            // is a literal (`strcat(...)` must reach it whole to be named).
            options = try parseOptionList(name: parseName, value: {
                tok.kind == .identifier && peek(1).kind != .lparen ? try parseParameterValue() : try parseUnary()
            })
        }
        return op(.parseKv(source: source, keys: keys, options: options), kw)
    }
}
