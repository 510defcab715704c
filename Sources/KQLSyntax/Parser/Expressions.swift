extension Parser {
    // MARK: pipe expressions

    /// A scalar or tabular expression, with any `| operator` chain.
    func parsePipeExpr() throws -> Expr {
        let e = try parsePipeSource()
        return continuePipe(e)
    }

    /// Parses `| operator` repeatedly; an operator that fails is skipped up to the next `|`.
    func continuePipe(_ input: Expr) -> Expr {
        var e = input
        let mark = chain
        defer { chain = mark }
        while tok.kind == .pipe {
            let lv = level[p]
            do { try link(tok) } catch {
                // too deep: skip the rest of this pipeline without further errors
                while tok.kind == .pipe && level[p] == lv { advance(); sync(lv) }
                break
            }
            advance()
            do {
                let op = try parseOperator()
                e = Expr(.pipe(e, op), e.span.union(op.span))
            } catch {
                sync(lv)
            }
        }
        return e
    }

    /// The start of a pipeline: a source operator (`print`, `range`, `datatable`, `union`, ...) or an expression.
    func parsePipeSource() throws -> Expr {
        if tok.kind == .identifier {
            let n = peek(1)
            var isSource = false
            switch text(tok) {
            case "print", "union", "search", "find", "evaluate":
                isSource = !(n.kind == .dot || n.kind == .equalEqual)
            case "range": isSource = n.kind == .identifier && isWord(peek(2), "from")
            case "datatable", "externaldata", "external_data": isSource = n.kind == .lparen || n.kind == .identifier
            default: break
            }
            if isSource {
                let op = try parseSourceOperator()
                return Expr(.source(op), op.span)
            }
        }
        return try parseOr()
    }

    // MARK: scalar expressions

    func parseOr() throws -> Expr {
        var l = try parseAnd()
        let mark = chain
        defer { chain = mark }
        while isWord("or") {
            try link(advance())
            let r = try parseAnd()
            l = Expr(.binary(.or, l, r), l.span.union(r.span))
        }
        return l
    }

    func parseAnd() throws -> Expr {
        var l = try parseEquality()
        let mark = chain
        defer { chain = mark }
        while isWord("and") {
            try link(advance())
            let r = try parseEquality()
            l = Expr(.binary(.and, l, r), l.span.union(r.span))
        }
        return l
    }

    /// Equality, string predicates, `in`, `between`: at most one per level (not associative).
    func parseEquality() throws -> Expr {
        let l = try parseRelational()
        let t = tok
        var op: BinaryOperator? = nil
        var negated = false
        var consumed = 1
        switch t.kind {
        case .equalEqual: op = .equal
        case .bangEqual, .lessGreater: op = .notEqual
        case .equalTilde: op = .equalTilde
        case .bangTilde: op = .notEqualTilde
        case .colon where inSearchPredicate:
            // search's `Column:"term"` (the column has the term)
            advance()
            let r = try parseRelational()
            return Expr(.binary(.has, l, r), l.span.union(r.span))
        case .bang:
            let n = peek(1)
            if n.kind == .identifier && !n.spaceBefore { negated = true; consumed = 2 } else { return l }
        case .identifier: break
        default: return l
        }
        if op == nil {
            let w = negated ? peek(1) : t
            let word = text(w)
            // list operators
            var listOp: ListOperator? = nil
            switch word {
            case "in":
                let ci = peek(consumed).kind == .tilde && !peek(consumed).spaceBefore
                if ci { consumed += 1 }
                listOp = negated ? (ci ? .notInCi : .notIn) : (ci ? .inCi : .in)
            case "has_any" where !negated: listOp = .hasAny
            case "has_all" where !negated: listOp = .hasAll
            case "between":
                for _ in 0..<consumed { advance() }
                try expect(.lparen, "'('")
                let lo = try parseRelational()
                try expect(.dotdot, "'..'")
                let hi = try parseRelational()
                try expect(.rparen, "')'")
                return Expr(.between(l, low: lo, high: hi, negated: negated), Span(l.span.start, lastEnd))
            default: break
            }
            if let lop = listOp {
                for _ in 0..<consumed { advance() }
                try expect(.lparen, "'('")
                try enter()
                defer { leave() }
                var items: [Expr] = []
                repeat { items.append(try parsePipeExpr()) } while accept(.comma)
                try expect(.rparen, "')'")
                return Expr(.list(lop, l, items), Span(l.span.start, lastEnd))
            }
            if word == "matches" && !negated {
                guard isWord(peek(1), "regex") else { return l }
                consumed = 2
                op = .matchesRegex
            } else {
                op = negated ? Parser.negatedStringOps[word] : Parser.stringOps[word]
            }
            if op == nil {
                if negated { throw fail(.expectedToken, "expected an operator after '!'", t.span) }
                return l
            }
        }
        for _ in 0..<consumed { advance() }
        let r = try parseRelational()
        return Expr(.binary(op!, l, r), l.span.union(r.span))
    }

    static let stringOps: [String: BinaryOperator] = [
        "has": .has, "has_cs": .hasCs, "hasprefix": .hasPrefix, "hasprefix_cs": .hasPrefixCs,
        "hassuffix": .hasSuffix, "hassuffix_cs": .hasSuffixCs, "contains": .contains, "contains_cs": .containsCs,
        "containscs": .containsCs, "notcontains": .notContains, "notcontainscs": .notContainsCs,
        "startswith": .startsWith, "startswith_cs": .startsWithCs, "endswith": .endsWith, "endswith_cs": .endsWithCs,
        "like": .like, "notlike": .notLike,
    ]
    static let negatedStringOps: [String: BinaryOperator] = [
        "has": .notHas, "has_cs": .notHasCs, "hasprefix": .notHasPrefix, "hasprefix_cs": .notHasPrefixCs,
        "hassuffix": .notHasSuffix, "hassuffix_cs": .notHasSuffixCs, "contains": .notContains, "contains_cs": .notContainsCs,
        "startswith": .notStartsWith, "startswith_cs": .notStartsWithCs, "endswith": .notEndsWith, "endswith_cs": .notEndsWithCs,
    ]

    func parseRelational() throws -> Expr {
        let l = try parseAdditive()
        let op: BinaryOperator
        switch tok.kind {
        case .less: op = .less
        case .lessEqual: op = .lessOrEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterOrEqual
        default: return l
        }
        advance()
        let r = try parseAdditive()
        return Expr(.binary(op, l, r), l.span.union(r.span))
    }

    func parseAdditive() throws -> Expr {
        var l = try parseMultiplicative()
        let mark = chain
        defer { chain = mark }
        while true {
            let op: BinaryOperator
            switch tok.kind {
            case .plus: op = .add
            case .minus: op = .subtract
            default: return l
            }
            try link(advance())
            let r = try parseMultiplicative()
            l = Expr(.binary(op, l, r), l.span.union(r.span))
        }
    }

    func parseMultiplicative() throws -> Expr {
        var l = try parseUnary()
        let mark = chain
        defer { chain = mark }
        while true {
            let op: BinaryOperator
            switch tok.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .modulo
            default: return l
            }
            try link(advance())
            let r = try parseUnary()
            l = Expr(.binary(op, l, r), l.span.union(r.span))
        }
    }

    func parseUnary() throws -> Expr {
        if tok.kind == .minus || tok.kind == .plus {
            let t = advance()
            // one sign only: Kusto rejects `- -1` (but takes `-(-1)`)
            let e = try parsePostfix()
            return Expr(.unary(t.kind == .minus ? .negate : .plus, e), Span(t.start, e.span.end))
        }
        return try parsePostfix()
    }

    func parsePostfix() throws -> Expr {
        var e = try parsePrimary()
        let mark = chain
        defer { chain = mark }
        while true {
            if tok.kind == .dot || tok.kind == .lbracket { try link(tok) }
            if tok.kind == .dot {
                let n = peek(1)
                if n.kind == .identifier {
                    advance(); advance()
                    let member = text(n)
                    if tok.kind == .lparen {
                        // dotted call: `ns.f(...)`, `cluster('c').database('d')`
                        let prefix = dottedText(e) ?? String(decoding: src[e.span.start..<e.span.end], as: UTF8.self)
                        let args = try parseArguments()
                        e = Expr(.call(name: prefix + "." + member, nameSpan: Span(e.span.start, n.end), args: args),
                                 Span(e.span.start, lastEnd))
                    } else {
                        e = Expr(.member(e, member), Span(e.span.start, n.end))
                    }
                    continue
                }
                if n.kind == .lbracket {
                    advance()
                    continue   // `a.['b']`: the bracket is handled below as an index
                }
                if n.kind == .star { return e }   // `database('d').*`: wildcard, for union/find
                advance()
                throw expected("a name after '.'")
            }
            if tok.kind == .lbracket {
                advance()
                try enter()
                defer { leave() }
                let idx = try parseOr()
                try expect(.rbracket, "']'")
                e = Expr(.index(e, idx), Span(e.span.start, lastEnd))
                continue
            }
            return e
        }
    }

    /// `a.b.c` for a chain of names and members, else nil.
    func dottedText(_ e: Expr) -> String? {
        switch e.kind {
        case .name(let n): return n
        case .member(let b, let m): return dottedText(b).map { $0 + "." + m }
        default: return nil
        }
    }

    static let typedLiteralNames: [String: String] = [
        "int": "int", "long": "long", "int64": "long", "real": "real", "double": "real", "bool": "bool",
        "boolean": "bool", "decimal": "decimal", "date": "datetime",
    ]

    func parsePrimary() throws -> Expr {
        let t = tok
        switch t.kind {
        case .int:
            advance()
            return Expr(.literal(intLiteral(t)), t.span)
        case .real:
            advance()
            let s = String(decoding: src[t.start..<t.end], as: UTF8.self)
            return Expr(.literal(.real(Double(s) ?? .nan)), t.span)
        case .timespan:
            advance()
            return Expr(.literal(.timespan(timespanTicks(t))), t.span)
        case .string:
            var s = ""
            while tok.kind == .string { s += decodeString(advance()) }
            return Expr(.literal(.string(s)), Span(t.start, lastEnd))
        case .star:
            advance()
            return Expr(.star, t.span)
        case .lparen:
            advance()
            try enter()
            defer { leave() }
            let inner = try parsePipeExpr()
            try expect(.rparen, "')'")
            return Expr(.paren(inner), Span(t.start, lastEnd))
        case .lbracket:
            if peek(1).kind == .string {
                let name = try parseName()
                return Expr(.name(name), Span(t.start, lastEnd))
            }
            throw expected("an expression")
        case .identifier:
            let word = text(t)
            let next = peek(1)
            if next.kind == .lparen {
                switch word {
                case "datatable", "externaldata", "external_data":
                    // a tabular literal may be a call argument: `f(datatable(x:long) [1])`
                    let op = try parseSourceOperator()
                    return Expr(.source(op), op.span)
                case "datetime", "time", "timespan", "guid":
                    return try parseRawLiteral(word)
                case "dynamic":
                    return try parseDynamicLiteral()
                case "typeof":
                    advance(); advance()
                    var args: [Argument] = []
                    let ns = tok.start
                    if tok.kind == .identifier && peek(1).kind != .colon {
                        let tn = advance()
                        args.append(Argument(Expr(.name(text(tn)), tn.span)))
                    } else if tok.kind == .star && peek(1).kind == .rparen {
                        args.append(Argument(Expr(.star, advance().span)))
                    } else if tok.kind != .rparen {
                        // a schema: `typeof(a:string, b:long)`, `typeof(*, fx:double)`; kept as its text
                        _ = try parseSchemaItems(allowStar: true)
                        args.append(Argument(Expr(.name(String(decoding: src[ns..<lastEnd], as: UTF8.self)), Span(ns, lastEnd))))
                    }
                    try expect(.rparen, "')'")
                    return Expr(.call(name: "typeof", nameSpan: t.span, args: args), Span(t.start, lastEnd))
                default:
                    if let canonical = Parser.typedLiteralNames[word] {
                        return try parseScalarTypedLiteral(canonical)
                    }
                }
                advance()
                let args = try parseArguments(allowPipes: word == "toscalar" || word == "materialize")
                return Expr(.call(name: word, nameSpan: t.span, args: args), Span(t.start, lastEnd))
            }
            if word == "dynamic" {
                advance()
                throw expected("'(' after 'dynamic'")
            }
            advance()
            if word.count <= 5 {
                switch word.lowercased() {
                case "true": return Expr(.literal(.bool(true)), t.span)
                case "false": return Expr(.literal(.bool(false)), t.span)
                default: break
                }
            }
            return Expr(.name(word), t.span)
        default:
            throw expected("an expression")
        }
    }

    /// `(args)` of a call; an argument may be `name = value`. Like Kusto, only `toscalar` and
    /// `materialize` take a bare pipeline (`toscalar(T | count)`); elsewhere it needs parentheses.
    func parseArguments(allowPipes: Bool = false) throws -> [Argument] {
        try expect(.lparen, "'('")
        try enter()
        defer { leave() }
        var args: [Argument] = []
        if tok.kind != .rparen {
            repeat {
                if tok.kind == .identifier && peek(1).kind == .equal {
                    let n = text(advance())
                    advance()
                    args.append(Argument(name: n, allowPipes ? try parsePipeExpr() : try parseOr()))
                } else {
                    args.append(Argument(allowPipes ? try parsePipeExpr() : try parseOr()))
                }
            } while accept(.comma)
        }
        try expect(.rparen, "')'")
        return args
    }
}
