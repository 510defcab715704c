extension Parser {
    /// The operator name at the current token, joining hyphenated names (`project-away`, `mv-expand`).
    func readOperatorName() -> (String, Span)? {
        guard tok.kind == .identifier else { return nil }
        let first = advance()
        var name = text(first)
        var end = first.end
        while tok.kind == .minus && !tok.spaceBefore && peek(1).kind == .identifier && !peek(1).spaceBefore {
            advance()
            let n = advance()
            name += "-" + text(n)
            end = n.end
        }
        return (name, Span(first.start, end))
    }

    /// True where an operator's clause list ends: `|`, `;`, a closer, or the end of input.
    var atClauseEnd: Bool {
        switch tok.kind {
        case .pipe, .semicolon, .rparen, .rbracket, .rbrace, .eof: return true
        default: return false
        }
    }

    func op(_ kind: OperatorKind, _ kw: Span) -> QueryOperator {
        QueryOperator(kind, span: Span(kw.start, Swift.max(kw.end, lastEnd)), keywordSpan: kw)
    }

    /// An operator after `|`.
    func parseOperator() throws -> QueryOperator {
        guard let (name, kw) = readOperatorName() else { throw expected("a query operator") }
        switch name {
        case "where", "filter":
            let predicate = try parseOr()
            if tok.kind == .equal {
                // `where Name = expr`: a named expression, as Kusto's parser reads it.
                guard case .name(let n) = predicate.kind else { throw fail(.expectedToken, "expected '==' to compare ('=' assigns)", tok.span) }
                advance()
                return op(.whereNamed(Assignment(names: [n], nameSpan: predicate.span, try parseOr())), kw)
            }
            return op(.where(predicate), kw)
        case "extend":
            return op(.extend(try parseAssignments()), kw)
        case "project":
            // Kusto's parser accepts an empty `project`
            return op(.project(atClauseEnd ? [] : try parseAssignments()), kw)
        case "project-away":
            return op(.projectAway(atClauseEnd ? [] : try parseWildcardList()), kw)
        case "project-keep":
            return op(.projectKeep(try parseWildcardList()), kw)
        case "project-rename":
            // `new = old`; Kusto's parser also takes a bare name (its binder then rejects it)
            return op(.projectRename(try parseAssignments()), kw)
        case "project-reorder":
            var keys: [SortKey] = []
            repeat {
                let e = try parseWildcardName()
                var asc = true
                var explicit = true
                if acceptWord("asc") || acceptWord("granny-asc") { asc = true }
                else if acceptWord("desc") || acceptWord("granny-desc") { asc = false }
                else if isWord("granny") && peek(1).kind == .minus {
                    advance(); advance()
                    if acceptWord("desc") { asc = false } else { try expectWord("asc") }
                } else { explicit = false }
                keys.append(SortKey(e, ascending: asc, explicitOrder: explicit))
            } while accept(.comma)
            return op(.projectReorder(keys), kw)
        case "project-smart":
            return op(.other(name: name), kw)
        case "summarize":
            let params = try parseParameters([])
            var aggs: [Assignment] = []
            if !isWord("by") && !atClauseEnd { aggs = try parseAssignments() }
            var by: [Assignment] = []
            if acceptWord("by") { by = try parseAssignments() }
            return op(.summarize(parameters: params, aggregates: aggs, by: by), kw)
        case "sort", "order":
            let params = try parseParameters([])
            try expectWord("by")
            return op(.sort(parameters: params, try parseSortKeys()), kw)
        case "top":
            let params = try parseParameters([])
            let n = try parseOr()
            try expectWord("by")
            let key = try parseSortKey()
            return op(.top(parameters: params, count: n, by: key), kw)
        case "take", "limit":
            _ = try parseParameters([])
            return op(.take(try parseOr()), kw)
        case "count":
            var asName: String? = nil
            if acceptWord("as") { asName = try parseName() }
            return op(.count(as: asName), kw)
        case "distinct":
            _ = try parseParameters([])
            if tok.kind == .star && (peek(1).kind == .pipe || peek(1).kind == .semicolon || peek(1).kind == .rparen || peek(1).kind == .eof) {
                let t = advance()
                return op(.distinct([Assignment(names: [], Expr(.star, t.span))]), kw)
            }
            var items: [Assignment] = []
            repeat { items.append(try parseAssignment()) } while accept(.comma)
            return op(.distinct(items), kw)
        case "mv-expand", "mvexpand":
            let params = try parseParameters(["kind", "bagexpansion", "with_itemindex", "itemindex"])
            let items = try parseMvItems()
            var limit: Expr? = nil
            if acceptWord("limit") { limit = try parseOr() }
            return op(.mvExpand(parameters: params, items: items, limit: limit), kw)
        case "mv-apply", "mvapply":
            let params = try parseParameters(["kind", "with_itemindex", "itemindex"])
            let items = try parseMvItems()
            var limit: Expr? = nil
            if acceptWord("limit") { limit = try parseOr() }
            try expectWord("on")
            let sub = try parseSubchain()
            return op(.mvApply(parameters: params, items: items, limit: limit, subquery: sub), kw)
        case "join":
            let params = try parseParameters(["kind", "withsource"])
            let right = try parseJoinRight()
            // `on` is optional for join (not for lookup)
            let keys = acceptWord("on") ? try parseJoinKeys() : []
            return op(.join(parameters: params, right: right, on: keys), kw)
        case "lookup":
            let params = try parseParameters(["kind"])
            let right = try parseJoinRight()
            try expectWord("on")
            return op(.lookup(parameters: params, right: right, on: try parseJoinKeys()), kw)
        case "union":
            let (params, tables) = try parseUnionBody()
            return op(.union(parameters: params, tables: tables), kw)
        case "as":
            let params = try parseParameters([])
            return op(.as(parameters: params, name: try parseName()), kw)
        case "serialize":
            var items: [Assignment] = []
            if !atClauseEnd { items = try parseAssignments() }
            return op(.serialize(items), kw)
        case "getschema":
            return op(.getschema, kw)
        case "invoke":
            return op(.invoke(try parsePostfix()), kw)
        case "render":
            guard tok.kind == .identifier else { throw expected("a chart type") }
            let chart = text(advance())
            var params: [OperatorParameter] = []
            // A property with several values (`ycolumns=a, b` or `ysplit=(a, b)`) is
            // returned as repeated parameters with the same name.
            if acceptWord("with") {
                try expect(.lparen, "'('")
                if tok.kind != .rparen {
                    var n = ""
                    repeat {
                        if tok.kind == .identifier && peek(1).kind == .equal {
                            n = text(advance())
                            advance()
                        } else if n.isEmpty {
                            throw expected("a property name")
                        }
                        for v in try parseRenderValues() { params.append(OperatorParameter(name: n, value: v)) }
                    } while accept(.comma)
                }
                try expect(.rparen, "')'")
            } else {
                // legacy form: `render timechart title="x" kind=stacked`, and `render piechart by a, b`
                // (Kusto's parser reads the `by` list as a parameter of render; Quarry takes the
                // columns as the chart's series, the columns that split rows into series).
                while true {
                    if tok.kind == .identifier && peek(1).kind == .equal {
                        let n = text(advance()); advance()
                        for v in try parseRenderValues() { params.append(OperatorParameter(name: n, value: v)) }
                    } else if isWord("by") && peek(1).kind == .identifier {
                        advance()
                        repeat {
                            guard tok.kind == .identifier else { throw expected("a column name") }
                            let n = advance()
                            params.append(OperatorParameter(name: "series", value: Expr(.name(text(n)), n.span)))
                        } while accept(.comma)
                    } else {
                        break
                    }
                }
            }
            return op(.render(chart: chart, parameters: params), kw)
        case "evaluate":
            return try parseEvaluateBody(kw)
        case "parse", "parse-where":
            let params = try parseParameters(["kind", "flags"])
            let source = try parseOr()
            try expectWord("with")
            var pattern: [ParsePatternElement] = []
            while !atClauseEnd {
                switch tok.kind {
                case .string:
                    let s = tok.start
                    var v = ""
                    while tok.kind == .string { v += decodeString(advance()) }
                    pattern.append(.literal(v, Span(s, lastEnd)))
                case .star:
                    pattern.append(.star(advance().span))
                case .identifier, .lbracket:
                    let s = tok.start
                    let n = try parseName()
                    var type: String? = nil
                    if accept(.colon) { type = try parseTypeName() }
                    pattern.append(.column(name: n, type: type, span: Span(s, lastEnd)))
                default:
                    throw expected("a string, '*' or a column name")
                }
            }
            if pattern.isEmpty { throw expected("a parse pattern") }
            return op(.parse(parameters: params, source: source, pattern: pattern, isWhere: name == "parse-where"), kw)
        case "parse-kv":
            return try parseParseKv(kw)
        case "make-series":
            return try parseMakeSeries(kw)
        case "sample":
            let params = try parseParameters([])
            return op(.sample(parameters: params, count: try parseOr()), kw)
        case "sample-distinct":
            let params = try parseParameters([])
            let n = try parseOr()
            try expectWord("of")
            return op(.sampleDistinct(parameters: params, count: n, column: try parseOr()), kw)
        case "search":
            return op(try parseSearchBody(), kw)
        case "top-nested":
            return op(.topNested(try parseTopNested()), kw)
        case "top-hitters":
            _ = try parseOr()
            try expectWord("of")
            _ = try parseOr()
            if acceptWord("by") { _ = try parseOr() }
            return op(.other(name: name), kw)
        case "facet":
            try expectWord("by")
            let columns = try parseWildcardList()
            var with: Expr? = nil
            if acceptWord("with") {
                if tok.kind == .lparen {
                    with = try parseSubchain()
                } else {
                    let start = Expr(.implicitInput, Span(tok.start, tok.start))
                    let first = try parseOperator()
                    with = Expr(.pipe(start, first), first.span)
                }
            }
            return op(.facet(columns: columns, with: with), kw)
        case "fork":
            var legs: [ForkLeg] = []
            while tok.kind == .lparen || (tok.kind == .identifier && peek(1).kind == .equal) {
                var legName: String? = nil
                var legNameSpan: Span? = nil
                if tok.kind == .identifier {
                    let t = advance(); advance()
                    legName = text(t)
                    legNameSpan = t.span
                }
                legs.append(ForkLeg(name: legName, nameSpan: legNameSpan, subquery: try parseSubchain()))
            }
            if legs.isEmpty { throw expected("'('") }
            return op(.fork(legs), kw)
        case "partition":
            let params = try parseParameters([])
            try expectWord("by")
            let keyStart = tok.start
            let key = Expr(.name(try parseName()), Span(keyStart, lastEnd))
            if tok.kind == .lparen {
                let sub = try parseSubchain()
                return op(.partition(parameters: params, by: key, subquery: sub, hasSource: false), kw)
            } else if tok.kind == .lbrace {
                advance()
                try enter()
                let sub = try parsePipeExpr()
                leave()
                try expect(.rbrace, "'}'")
                return op(.partition(parameters: params, by: key, subquery: sub, hasSource: true), kw)
            } else {
                throw expected("'(' or '{'")
            }
        case "scan":
            var matchId: String? = nil
            if isWord("with_match_id") && peek(1).kind == .equal {
                advance(); advance()
                matchId = try parseName()
            }
            var declare: [TypedName] = []
            if acceptWord("declare") {
                try expect(.lparen, "'('")
                if tok.kind != .rparen {
                    repeat { declare.append(try parseTypedName(allowDefault: true)) } while accept(.comma)
                }
                try expect(.rparen, "')'")
            }
            try expectWord("with")
            try expect(.lparen, "'('")
            try enter()
            var steps: [ScanStep] = []
            while isWord("step") {
                advance()
                let ns = tok.start
                let stepName = try parseName()
                let nameSpan = Span(ns, lastEnd)
                var output: String? = nil
                var outputSpan: Span? = nil
                if acceptWord("output") {
                    try expect(.equal, "'='")
                    guard tok.kind == .identifier else { throw expected("'all', 'last' or 'none'") }
                    let t = advance()
                    output = text(t)
                    outputSpan = t.span
                }
                try expect(.colon, "':'")
                let condition = try parseOr()
                var assignments: [Assignment] = []
                if accept(.arrow) { assignments = try parseAssignments() }
                steps.append(ScanStep(name: stepName, nameSpan: nameSpan, output: output, outputSpan: outputSpan,
                                      condition: condition, assignments: assignments))
                // the last step's `;` may be left out
                if !accept(.semicolon) { break }
            }
            if steps.isEmpty { throw expected("'step'") }
            leave()
            try expect(.rparen, "')'")
            return op(.scan(matchId: matchId, declare: declare, steps: steps), kw)
        case "reduce":
            _ = try parseParameters(["kind"])   // reduce-operator.md: kind=source
            try expectWord("by")
            _ = try parseOr()
            if acceptWord("with") {
                repeat {
                    _ = try parseName()
                    try expect(.equal, "'='")
                    _ = try parseParameterValue()
                } while accept(.comma)
            }
            return op(.other(name: name), kw)
        case "consume":
            _ = try parseParameters(["decodeblocks"])
            return op(.other(name: name), kw)
        case "macro-expand", "assert-schema", "project-by-names", "make-graph", "graph-match",
             "graph-to-table", "graph-shortest-paths", "graph-merge", "graph-mark-components":
            skipBalancedClause()
            return op(.other(name: name), kw)
        case "print", "range", "datatable", "externaldata", "find":
            throw fail(.unknownOperator, "'\(name)' cannot follow '|'", kw)
        default:
            throw fail(.unknownOperator, "unknown operator '\(name)'", kw, help: Suggestion.help(for: name, among: Self.pipeOperatorNames))
        }
    }

    /// The operators that may follow `|`, for "did you mean" (`wher` → `where`).
    static let pipeOperatorNames = [
        "where", "extend", "project", "summarize", "sort", "order", "take", "limit", "top", "count", "distinct",
        "join", "lookup", "union", "as", "serialize", "getschema", "invoke", "render", "evaluate", "filter",
        "project-away", "project-keep", "project-rename", "project-reorder", "project-smart",
        "mv-expand", "mv-apply", "parse", "parse-where", "parse-kv", "make-series", "sample", "sample-distinct",
        "search", "top-nested", "top-hitters", "facet", "fork", "partition", "scan", "reduce", "consume",
    ]

    /// Skips the rest of a clause whose inside is not modelled (`scan`): balanced brackets, up to
    /// the next `|` or `;` outside them, or an unmatched closer.
    func skipBalancedClause() {
        var d = 0
        while !atEnd {
            switch tok.kind {
            case .lparen, .lbracket, .lbrace: d += 1
            case .rparen, .rbracket, .rbrace:
                if d == 0 { return }
                d -= 1
            case .pipe, .semicolon:
                if d == 0 { return }
            default: break
            }
            advance()
        }
    }

    /// Operators that can start a pipeline.
    func parseSourceOperator() throws -> QueryOperator {
        let kwTok = advance()
        let kw = kwTok.span
        let name = text(kwTok)
        switch name {
        case "print":
            return op(.print(try parseAssignments()), kw)
        case "range":
            let n = try parseName()
            try expectWord("from")
            let from = try parseOr()
            try expectWord("to")
            let to = try parseOr()
            try expectWord("step")
            let step = try parseOr()
            return op(.range(name: n, from: from, to: to, step: step), kw)
        case "datatable":
            _ = try parseParameters([])
            let cols = try parseSchema()
            try expect(.lbracket, "'['")
            try enter()
            defer { leave() }
            var values: [Expr] = []
            if tok.kind != .rbracket {
                repeat {
                    if tok.kind == .rbracket { break }   // trailing comma
                    values.append(try parseOr())
                } while accept(.comma)
            }
            try expect(.rbracket, "']'")
            return op(.datatable(columns: cols, values: values), kw)
        case "externaldata", "external_data":
            _ = try parseParameters([])
            let cols = try parseSchema()
            try expect(.lbracket, "'['")
            try enter()
            defer { leave() }
            var urls: [Expr] = []
            if tok.kind != .rbracket {
                repeat {
                    if tok.kind == .rbracket { break }   // trailing comma
                    urls.append(try parseOr())
                } while accept(.comma)
            }
            try expect(.rbracket, "']'")
            var properties: [Assignment] = []
            if acceptWord("with") { properties = try parseOptionList(name: parseDottedName, value: parseParameterValue) }
            return op(.externalData(columns: cols, urls: urls, properties: properties), kw)
        case "union":
            let (params, tables) = try parseUnionBody()
            return op(.union(parameters: params, tables: tables), kw)
        case "search":
            return op(try parseSearchBody(), kw)
        case "find":
            let params = try parseParameters(["withsource", "datascope", "databasescope"])
            var tables: [Expr]? = nil
            if acceptWord("in") {
                try expect(.lparen, "'('")
                var list: [Expr] = []
                repeat { list.append(try parseUnionTable()) } while accept(.comma)
                try expect(.rparen, "')'")
                tables = list
            }
            _ = acceptWord("where")
            let predicate = try parseOr()
            var project: FindProject? = nil
            if acceptWord("project-smart") {
            } else if isWord("project") && peek(1).kind == .minus && isWord(peek(2), "smart") {
                advance(); advance(); advance()
            } else if acceptWord("project") {
                var cols: [TypedName] = []
                var packAll = false
                repeat {
                    if isWord("pack_all") && peek(1).kind == .lparen && peek(2).kind == .rparen {
                        advance(); advance(); advance()
                        packAll = true
                        break
                    }
                    let s = tok.start
                    let n = try parseName()
                    var type = ""
                    if accept(.colon) { type = try parseTypeName() }
                    cols.append(TypedName(name: n, type: type, span: Span(s, lastEnd)))
                } while accept(.comma)
                project = FindProject(columns: cols, packAll: packAll)
            }
            return op(.find(parameters: params, tables: tables, predicate: predicate, project: project), kw)
        case "evaluate":
            return try parseEvaluateBody(kw)
        default:
            throw fail(.unknownOperator, "unknown operator '\(name)'", kw)
        }
    }

    func parseTypedOrPlainName() throws -> String {
        let n = try parseName()
        if accept(.colon) { _ = try parseTypeName() }
        return n
    }

    func parseEvaluateBody(_ kw: Span) throws -> QueryOperator {
        let params = try parseParameters([])
        let plugin = try parsePostfix()
        guard case .call = plugin.kind else {
            throw fail(.expectedToken, "expected a plugin call", plugin.span)
        }
        var schema: [TypedName]? = nil
        if accept(.colon) { schema = try parseSchema(allowStar: true) }
        return op(.evaluate(parameters: params, plugin: plugin, outputSchema: schema), kw)
    }

    func parseSearchBody() throws -> OperatorKind {
        let params = try parseParameters(["kind"])
        var tables: [Expr]? = nil
        if isWord("in") && peek(1).kind == .lparen {
            advance(); advance()
            var list: [Expr] = []
            repeat { list.append(try parseUnionTable()) } while accept(.comma)
            try expect(.rparen, "')'")
            tables = list
        }
        inSearchPredicate = true
        defer { inSearchPredicate = false }
        // `search *` (every row): a lone `*` up to the end of the clause
        if tok.kind == .star && (peek(1).kind == .pipe || peek(1).kind == .semicolon || peek(1).kind == .rparen || peek(1).kind == .eof) {
            let t = advance()
            return .search(parameters: params, tables: tables, predicate: Expr(.star, t.span))
        }
        return .search(parameters: params, tables: tables, predicate: try parseOr())
    }

    func parseUnionBody() throws -> ([OperatorParameter], [Expr]) {
        let params = try parseParameters(["kind", "withsource", "isfuzzy"])
        var tables: [Expr] = []
        repeat { tables.append(try parseUnionTable()) } while accept(.comma)
        return (params, tables)
    }

    /// A union/search/find operand: `(subquery)`, a wildcard name `Device*`, a name or a call.
    func parseUnionTable() throws -> Expr {
        if tok.kind == .lparen { return try parsePrimary() }
        if tok.kind == .star || (tok.kind == .identifier && peek(1).kind == .star && !peek(1).spaceBefore) {
            return try parseWildcardName()
        }
        // `database('d').T*`, `cluster('c').database('d').*`: a wildcard member
        var e = try parsePostfix()
        if tok.kind == .star && !tok.spaceBefore, case .member(let base, let m) = e.kind {
            let rest = try parseWildcardName()
            if case .name(let pattern) = rest.kind { e = Expr(.member(base, m + pattern), e.span.union(rest.span)) }
            else { e = Expr(.member(base, m + "*"), e.span.union(rest.span)) }
        } else if tok.kind == .dot && peek(1).kind == .star {
            advance()
            let rest = try parseWildcardName()
            if case .name(let pattern) = rest.kind { e = Expr(.member(e, pattern), e.span.union(rest.span)) }
            else { e = Expr(.member(e, "*"), e.span.union(rest.span)) }
        }
        return e
    }

    /// A join/lookup right side: `(subquery)`, or a name or call.
    func parseJoinRight() throws -> Expr {
        if tok.kind == .lparen { return try parsePrimary() }
        return try parsePostfix()
    }

    func parseJoinKeys() throws -> [Expr] {
        var keys: [Expr] = []
        repeat { keys.append(try parseOr()) } while accept(.comma)
        return keys
    }

    /// `name = value` operator parameters: names in `known`, or any `hint.*`.
    func parseParameters(_ known: Set<String>) throws -> [OperatorParameter] {
        var params: [OperatorParameter] = []
        while tok.kind == .identifier {
            let w = text(tok)
            var k = 1
            if w == "hint" {
                while peek(k).kind == .dot && peek(k + 1).kind == .identifier { k += 2 }
                if k == 1 { break }
            } else if !known.contains(w) {
                break
            }
            guard peek(k).kind == .equal else { break }
            let name = try parseDottedName()
            try expect(.equal, "'='")
            params.append(OperatorParameter(name: name, value: try parseParameterValue()))
        }
        return params
    }

    /// A parameter value: a bare word (`inner`, `broadcast`), or a literal.
    func parseParameterValue() throws -> Expr {
        if tok.kind == .identifier {
            let t = advance()
            let w = text(t)
            switch w.lowercased() {
            case "true": return Expr(.literal(.bool(true)), t.span)
            case "false": return Expr(.literal(.bool(false)), t.span)
            default: return Expr(.name(w), t.span)
            }
        }
        return try parseUnary()
    }

    /// `( name = value, ... )` as in `with (format="csv")`.
    func parseParenParameters() throws -> [OperatorParameter] {
        try expect(.lparen, "'('")
        var params: [OperatorParameter] = []
        if tok.kind != .rparen {
            repeat {
                let n = try parseDottedName()
                try expect(.equal, "'='")
                params.append(OperatorParameter(name: n, value: try parseUnary()))
            } while accept(.comma)
        }
        try expect(.rparen, "')'")
        return params
    }

    func parseRenderValues() throws -> [Expr] {
        if tok.kind == .lparen && !isExpressionParen() {
            // a list such as ysplit=(a, b)
            advance()
            var items: [Expr] = []
            if tok.kind != .rparen { repeat { items.append(try parseOr()) } while accept(.comma) }
            try expect(.rparen, "')'")
            return items
        }
        return [try parseOr()]
    }

    /// At `(`: whether the parentheses hold one expression rather than a comma list.
    func isExpressionParen() -> Bool {
        let lv = level[p]
        var k = p + 1
        while k < toks.count && toks[k].kind != .eof {
            if level[k] == lv { return true }                       // the matching `)`
            if level[k] == lv + 1 && toks[k].kind == .comma { return false }
            k += 1
        }
        return true
    }

    // MARK: assignments and lists

    func parseAssignments() throws -> [Assignment] {
        var items: [Assignment] = []
        repeat { items.append(try parseAssignment()) } while accept(.comma)
        return items
    }

    /// `Name = expr`, `['a b'] = expr`, `(A, B) = expr`, or `expr`.
    func parseAssignment() throws -> Assignment {
        let s = tok.start
        if tok.kind == .identifier && peek(1).kind == .equal {
            let n = advance()
            advance()
            return Assignment(names: [text(n)], nameSpan: n.span, try parseOr())
        }
        if tok.kind == .lbracket && peek(1).kind == .string {
            var k = 1
            while peek(k).kind == .string { k += 1 }
            if peek(k).kind == .rbracket && peek(k + 1).kind == .equal {
                let n = try parseName()
                let ns = Span(s, lastEnd)
                try expect(.equal, "'='")
                return Assignment(names: [n], nameSpan: ns, try parseOr())
            }
        }
        if tok.kind == .lparen && isNameTupleAssignment() {
            advance()
            var names: [String] = []
            repeat { names.append(try parseName()) } while accept(.comma)
            try expect(.rparen, "')'")
            let ns = Span(s, lastEnd)
            try expect(.equal, "'='")
            return Assignment(names: names, nameSpan: ns, try parseOr())
        }
        return Assignment(try parseOr())
    }

    /// At `(`: `(a, b, ...) =`.
    func isNameTupleAssignment() -> Bool {
        var k = 1
        while true {
            let t = peek(k)
            if t.kind == .identifier { k += 1 }
            else if t.kind == .lbracket && peek(k + 1).kind == .string && peek(k + 2).kind == .rbracket { k += 3 }
            else { return false }
            if peek(k).kind == .comma { k += 1; continue }
            return peek(k).kind == .rparen && peek(k + 1).kind == .equal
        }
    }

    /// mv-expand / mv-apply items: `[Name =] expr [to typeof(T)]`.
    func parseMvItems() throws -> [Assignment] {
        var items: [Assignment] = []
        repeat {
            var a = try parseAssignment()
            if acceptWord("to") {
                try expectWord("typeof")
                try expect(.lparen, "'('")
                a.toType = try parseTypeName()
                try expect(.rparen, "')'")
            }
            items.append(a)
        } while accept(.comma)
        return items
    }

    /// A name, possibly with `*` wildcards (`Col*`, `*Id`, `a*b`), or a bracketed name.
    func parseWildcardName() throws -> Expr {
        let s = tok.start
        if tok.kind == .lbracket { return Expr(.name(try parseName()), Span(s, lastEnd)) }
        guard tok.kind == .identifier || tok.kind == .star else { throw expected("a column name") }
        var name = text(advance())
        // A piece glued after `*` may lex as a number or timespan (`*1`, `Col*2d`): still name text.
        func namePiece() -> Bool {
            guard !tok.spaceBefore else { return false }
            if tok.kind == .identifier || tok.kind == .star { return true }
            guard (tok.kind == .int || tok.kind == .timespan), name.hasSuffix("*") else { return false }
            return text(tok).utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) }
        }
        while namePiece() { name += text(advance()) }
        if name == "*" { return Expr(.star, Span(s, lastEnd)) }
        return Expr(.name(name), Span(s, lastEnd))
    }

    func parseWildcardList() throws -> [Expr] {
        var items: [Expr] = []
        repeat { items.append(try parseWildcardName()) } while accept(.comma)
        return items
    }

    func parseSortKeys() throws -> [SortKey] {
        var keys: [SortKey] = []
        repeat { keys.append(try parseSortKey()) } while accept(.comma)
        return keys
    }

    func parseSortKey() throws -> SortKey {
        let e = try parseOr()
        var asc = false
        if acceptWord("asc") { asc = true } else if acceptWord("desc") { asc = false }
        var nullsFirst: Bool? = nil
        if acceptWord("nulls") {
            if acceptWord("first") { nullsFirst = true }
            else if acceptWord("last") { nullsFirst = false }
            else { throw expected("'first' or 'last'") }
        }
        return SortKey(e, ascending: asc, nullsFirst: nullsFirst)
    }

    /// `( operator | operator ... )` whose input is implicit (mv-apply, fork, partition, facet).
    func parseSubchain() throws -> Expr {
        let open = try expect(.lparen, "'('")
        try enter()
        defer { leave() }
        let input = Expr(.implicitInput, Span(tok.start, tok.start))
        _ = accept(.pipe)
        let first = try parseOperator()
        let e = continuePipe(Expr(.pipe(input, first), Span(input.span.start, first.span.end)))
        try expect(.rparen, "')'")
        return Expr(.paren(e), Span(open.start, lastEnd))
    }

    func parseMakeSeries(_ kw: Span) throws -> QueryOperator {
        let params = try parseParameters(["kind"])
        var aggs: [Assignment] = []
        var defaults: [Expr?] = []
        repeat {
            aggs.append(try parseAssignment())
            if isWord("default") && peek(1).kind == .equal {
                advance(); advance()
                defaults.append(try parseUnary())
            } else {
                defaults.append(nil)
            }
        } while accept(.comma)
        try expectWord("on")
        let axis = try parseAdditive()
        var from: Expr? = nil, to: Expr? = nil, step: Expr? = nil
        let rangeForm = isWord("in") && isWord(peek(1), "range") && peek(2).kind == .lparen
        if rangeForm {
            advance(); advance(); advance()
            from = try parseOr()
            try expect(.comma, "','")
            to = try parseOr()
            try expect(.comma, "','")
            step = try parseOr()
            try expect(.rparen, "')'")
        } else {
            if acceptWord("from") { from = try parseOr() }
            if acceptWord("to") { to = try parseOr() }
            try expectWord("step")
            step = try parseOr()
        }
        var by: [Assignment] = []
        if acceptWord("by") { by = try parseAssignments() }
        return op(.makeSeries(parameters: params, aggregates: aggs, defaults: defaults, axis: axis,
                              from: from, to: to, step: step!, by: by, rangeForm: rangeForm), kw)
    }

    func parseTopNested() throws -> [TopNestedLevel] {
        var levels: [TopNestedLevel] = []
        while true {
            let start = tok.start
            var count: Expr? = nil
            if !isWord("of") { count = try parseOr() }
            try expectWord("of")
            let of = try parseAssignment()
            var others: Expr? = nil
            if acceptWord("with") {
                try expectWord("others")
                try expect(.equal, "'='")
                others = try parseOr()
            }
            try expectWord("by")
            let by = try parseAssignment()
            var asc = false
            if acceptWord("asc") { asc = true } else { _ = acceptWord("desc") }
            levels.append(TopNestedLevel(count: count, of: of, others: others, by: by, ascending: asc, span: Span(start, lastEnd)))
            if tok.kind == .comma && isWord(peek(1), "top") && peek(2).kind == .minus {
                advance()
                _ = readOperatorName()
                continue
            }
            return levels
        }
    }
}
