import KQLColumns
import KQLSyntax

extension Binder {
    /// `[T |] search [kind=case_sensitive] [in (T1, T2*)] predicate` (search-operator.md): a union
    /// of the inputs with their names in a first `$table` column (`union withsource=$table`), then
    /// a filter. Without a piped input or `in (...)`, every table of the session is searched.
    ///
    /// The predicate binds against the union's columns, rewritten first:
    /// - a bare string is a term looked for in every column (the `$table` column aside): `"x"` is
    ///   `has`, `"x*"` `hasprefix`, `"*x"` `hassuffix`, `"*x*"` `contains`, `"a*b"`
    ///   `matches regex @"\ba.*b\b"`; a column that is not a string is searched as `tostring(col)`
    ///   (decision: the docs say "all columns" without naming a conversion);
    /// - `Col:"x"` is `Col has "x"`, with the same wildcard rules for its term (decision: the docs
    ///   give the colon form as restricting the term search to one column);
    /// - `* op "x"` (a string operator with `*` on the left) is that operator over every column;
    /// - `*` alone matches every row;
    /// - `kind=case_sensitive` makes the terms and the string operators `has`, `contains`,
    ///   `hasprefix`, `hassuffix`, `startswith`, `endswith` (and their negations) case-sensitive.
    ///
    /// `$table` holds each input's name: a table's or `as`'s name; for a piped input that is
    /// neither, `union_arg0`, as `union` names such an input (decision: the docs only say "some
    /// system-generated name").
    func bindSearch(parameters: [OperatorParameter], tables: [Expr]?, predicate: Expr, input: LogicalPlan?,
                    inputLabel: String?, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        var caseSensitive = false
        for p in parameters {
            switch p.name {
            case "kind":
                guard case .name(let k) = p.value.kind, ["default", "case_insensitive", "case_sensitive"].contains(k) else {
                    throw fail(.invalidOperatorArgument, "search kind must be default, case_insensitive or case_sensitive", p.value.span)
                }
                caseSensitive = k == "case_sensitive"
            default:
                if !p.name.hasPrefix("hint.") {
                    throw fail(.unsupportedOperatorForm, "search parameter '\(p.name)' is not supported", p.value.span)
                }
            }
        }
        if input != nil, let tables, let first = tables.first {
            throw fail(.invalidOperatorArgument, "search: 'in (...)' cannot be used when search has a piped input", first.span)
        }
        var sources = tables ?? []
        if input == nil && tables == nil {
            // The whole database: every table this session has (tables bound on the command line).
            let names = session.wildcardTableNames
            guard !names.isEmpty else {
                throw fail(.unknownTable, "search without 'in (...)' looks in every table, and no table is bound (bind one with --table NAME=PATH, or pipe a table into search)", op.keywordSpan)
            }
            sources = names.map { Expr(.name($0), op.keywordSpan) }
        }
        let withSource = OperatorParameter(name: "withsource", value: Expr(.name("$table"), op.keywordSpan))
        let union = try bindUnion(parameters: [withSource], tables: sources, input: input,
                                  inputLabel: inputLabel, span: op.span, scope: scope)
        let searched = Array(union.schema.fields.dropFirst())   // every column but `$table`
        let rewritten = try searchPredicate(predicate, columns: searched, caseSensitive: caseSensitive)
        let p = try bindScalar(rewritten, schema: union.schema, scope: scope)
        guard p.type == .bool else {
            throw fail(.predicateNotBool, "'search' needs a bool predicate, not \(p.type)", predicate.span)
        }
        if case .constant(.bool(true)) = p { return union }
        return .filter(.init(input: union, predicate: p))
    }

    /// The search predicate as a plain `where` predicate (see `bindSearch`).
    func searchPredicate(_ e: Expr, columns: [Field], caseSensitive cs: Bool) throws -> Expr {
        try descend(e.span)
        defer { ascend() }
        switch e.kind {
        case .literal(.string(let term)):
            return searchTerm(term, in: columns, caseSensitive: cs, span: e.span)
        case .star:
            return Expr(.literal(.bool(true)), e.span)
        case .paren(let x):
            return Expr(.paren(try searchPredicate(x, columns: columns, caseSensitive: cs)), e.span)
        case .binary(let op, let a, let b) where op == .and || op == .or:
            return Expr(.binary(op, try searchPredicate(a, columns: columns, caseSensitive: cs),
                                try searchPredicate(b, columns: columns, caseSensitive: cs)), e.span)
        case .call(let name, let nameSpan, let args) where name == "not" && args.count == 1 && args[0].name == nil:
            return Expr(.call(name: name, nameSpan: nameSpan,
                              args: [Argument(try searchPredicate(args[0].value, columns: columns, caseSensitive: cs))]), e.span)
        case .binary(.has, let col, let rhs):
            // `Col:"x*"` (and `Col has "x*"`): the term rules, in one column
            guard case .literal(.string(let term)) = rhs.kind, term.contains("*") else { break }
            if case .star = col.kind { return searchTerm(term, in: columns, caseSensitive: cs, span: e.span) }
            return searchTerm(term, on: [col], caseSensitive: cs, span: e.span)
        default:
            break
        }
        guard case .binary(let op, let l, let r) = e.kind else { return e }
        let op2 = cs ? caseSensitiveOperator(op) : op
        if case .star = l.kind, stringOperators.contains(op) {
            // `* has "x"`: the operator over every column
            return anyColumn(columns.map { searchOperand($0, span: l.span) }, op: op2, rhs: r, span: e.span)
        }
        return Expr(.binary(op2, l, r), e.span)
    }

    /// `where * has "x"` (where-operator.md: "`T | where * has "cow"`"; search-operator.md gives
    /// `where * has "err"` as `search "err"`'s meaning): each `* op rhs` with a string operator
    /// becomes the operator over every column (non-string ones through tostring), OR-ed, as
    /// search reads it. Only those nodes change: a bare string literal stays a string here, unlike
    /// in search's predicate.
    /// A negated operator (`* !has "x"`) is an error: the pages show `*` with positive operators
    /// only, and "some column lacks x" and "no column has x" are both plausible readings.
    func whereStarPredicate(_ e: Expr, columns: [Field]) throws -> Expr {
        switch e.kind {
        case .binary(let op, let l, let r):
            if case .star = l.kind, stringOperators.contains(op) {
                guard !op.rawValue.hasPrefix("!") else {
                    throw fail(.starNotAllowed, "'* \(op.rawValue)' is not supported: Kusto documents '*' with positive string operators only; write not(* \(op.rawValue.dropFirst()) ...)", e.span)
                }
                return anyColumn(columns.map { searchOperand($0, span: l.span) }, op: op, rhs: r, span: e.span)
            }
            return Expr(.binary(op, try whereStarPredicate(l, columns: columns), try whereStarPredicate(r, columns: columns)), e.span)
        case .paren(let x):
            return Expr(.paren(try whereStarPredicate(x, columns: columns)), e.span)
        case .unary(let op, let x):
            return Expr(.unary(op, try whereStarPredicate(x, columns: columns)), e.span)
        case .call(let name, let nameSpan, let args):
            return Expr(.call(name: name, nameSpan: nameSpan,
                              args: try args.map { Argument(name: $0.name, try whereStarPredicate($0.value, columns: columns)) }), e.span)
        default:
            return e
        }
    }

    /// Whether `e` has a `* op rhs` node (`whereStarPredicate`'s work).
    func hasStarOperand(_ e: Expr) -> Bool {
        switch e.kind {
        case .binary(_, let l, let r):
            if case .star = l.kind { return true }
            return hasStarOperand(l) || hasStarOperand(r)
        case .paren(let x), .unary(_, let x): return hasStarOperand(x)
        case .call(_, _, let args): return args.contains { hasStarOperand($0.value) }
        default: return false
        }
    }

    private var stringOperators: Set<BinaryOperator> {
        [.has, .notHas, .hasCs, .notHasCs, .hasPrefix, .notHasPrefix, .hasPrefixCs, .notHasPrefixCs,
         .hasSuffix, .notHasSuffix, .hasSuffixCs, .notHasSuffixCs, .contains, .notContains, .containsCs, .notContainsCs,
         .startsWith, .notStartsWith, .startsWithCs, .notStartsWithCs, .endsWith, .notEndsWith, .endsWithCs, .notEndsWithCs,
         .matchesRegex, .equal, .notEqual, .equalTilde, .notEqualTilde]
    }

    private func caseSensitiveOperator(_ op: BinaryOperator) -> BinaryOperator {
        switch op {
        case .has: return .hasCs
        case .notHas: return .notHasCs
        case .hasPrefix: return .hasPrefixCs
        case .notHasPrefix: return .notHasPrefixCs
        case .hasSuffix: return .hasSuffixCs
        case .notHasSuffix: return .notHasSuffixCs
        case .contains: return .containsCs
        case .notContains: return .notContainsCs
        case .startsWith: return .startsWithCs
        case .notStartsWith: return .notStartsWithCs
        case .endsWith: return .endsWithCs
        case .notEndsWith: return .notEndsWithCs
        default: return op
        }
    }

    /// A column as a string operand: itself when it is a string, else `tostring(col)`.
    private func searchOperand(_ f: Field, span: Span) -> Expr {
        let name = Expr(.name(f.name), span)
        if f.type == .string { return name }
        return Expr(.call(name: "tostring", nameSpan: span, args: [Argument(name)]), span)
    }

    private func searchTerm(_ term: String, in columns: [Field], caseSensitive cs: Bool, span: Span) -> Expr {
        searchTerm(term, on: columns.map { searchOperand($0, span: span) }, caseSensitive: cs, span: span)
    }

    /// A term against some operands, OR-ed: the operator follows the term's `*` wildcards.
    private func searchTerm(_ term: String, on operands: [Expr], caseSensitive cs: Bool, span: Span) -> Expr {
        let leading = term.hasPrefix("*"), trailing = term.hasSuffix("*")
        let core = String(term.drop(while: { $0 == "*" }).reversed().drop(while: { $0 == "*" }).reversed())
        if core.isEmpty { return Expr(.literal(.bool(true)), span) }   // "*": every row
        let op: BinaryOperator
        var rhs = core
        if core.contains("*") {
            op = .matchesRegex
            let body = core.split(separator: "*", omittingEmptySubsequences: true).map { regexEscape(String($0)) }.joined(separator: ".*")
            rhs = (cs ? "" : "(?i)") + (leading ? "" : "\\b") + body + (trailing ? "" : "\\b")
        } else if leading && trailing {
            op = cs ? .containsCs : .contains
        } else if leading {
            op = cs ? .hasSuffixCs : .hasSuffix
        } else if trailing {
            op = cs ? .hasPrefixCs : .hasPrefix
        } else {
            op = cs ? .hasCs : .has
        }
        return anyColumn(operands, op: op, rhs: Expr(.literal(.string(rhs)), span), span: span)
    }

    /// `(o1 op rhs) or (o2 op rhs) or ...`, a balanced tree (no deep chain for wide tables); false
    /// when there is no operand.
    private func anyColumn(_ operands: [Expr], op: BinaryOperator, rhs: Expr, span: Span) -> Expr {
        let terms = operands.map { Expr(.binary(op, $0, rhs), span) }
        func tree(_ lo: Int, _ hi: Int) -> Expr {
            if hi - lo == 1 { return terms[lo] }
            let mid = (lo + hi) / 2
            return Expr(.paren(Expr(.binary(.or, tree(lo, mid), tree(mid, hi)), span)), span)
        }
        if terms.isEmpty { return Expr(.literal(.bool(false)), span) }
        return tree(0, terms.count)
    }

    private func regexEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\.^$|?*+()[]{}".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

extension Binder {
    /// For `T | search`: the piped table's name (`T`), which `$table` shows.
    func searchInputLabel(_ op: QueryOperator, _ src: Expr) -> String? {
        guard case .search = op.kind else { return nil }
        if case .name(let n) = src.kind { return n }
        return nil
    }

    /// A piped input's `$table` label when its expression gave none: a table scan's name, else
    /// `union_arg0` (union's name for an unnamed input).
    func searchLabel(_ input: LogicalPlan) -> String {
        if case .scan(let s) = input { return s.table }
        return "union_arg0"
    }
}
