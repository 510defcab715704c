import Testing
@testable import KQLSyntax

/// Strips position markers (1️⃣ 2️⃣ ... 9️⃣) from a query and returns their UTF-8 byte offsets
/// in the stripped text, keyed by marker number.
func markers(_ marked: String) -> (text: String, offsets: [Int: Int]) {
    let marks: [String] = (1...9).map { "\($0)\u{FE0F}\u{20E3}" }
    var out = ""
    var offsets: [Int: Int] = [:]
    var rest = Substring(marked)
    outer: while !rest.isEmpty {
        for (n, m) in marks.enumerated() where rest.hasPrefix(m) {
            offsets[n + 1] = out.utf8.count
            rest = rest.dropFirst(m.count)
            continue outer
        }
        out.append(rest.removeFirst())
    }
    return (out, offsets)
}

func parse(_ text: String) -> (query: Query, diagnostics: [Diagnostic]) {
    KQLParser.parse(SourceText(text))
}

/// Parses a query that must have no diagnostics and returns its last statement's expression.
func expr(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Expr? {
    let (q, d) = parse(text)
    #expect(d.isEmpty, "unexpected diagnostics: \(d.map { $0.rendered(in: SourceText(text)) })", sourceLocation: sourceLocation)
    guard let last = q.statements.last, case .expression(let e) = last.kind else {
        Issue.record("no expression statement", sourceLocation: sourceLocation)
        return nil
    }
    return e
}

/// The S-expression form of a parsed query's last expression.
func sx(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    guard let e = expr(text, sourceLocation: sourceLocation) else { return "<none>" }
    return S.expr(e)
}

/// A compact printer for assertions.
enum S {
    static func expr(_ e: Expr) -> String {
        switch e.kind {
        case .literal(let l): return lit(l)
        case .name(let n): return n
        case .star: return "*"
        case .call(let n, _, let args): return "\(n)(\(args.map(arg).joined(separator: ", ")))"
        case .unary(let op, let x): return "(\(op.rawValue) \(expr(x)))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        case .between(let x, let lo, let hi, let neg): return "(\(neg ? "!" : "")between \(expr(x)) \(expr(lo)) \(expr(hi)))"
        case .list(let op, let x, let items): return "(\(op.rawValue) \(expr(x)) [\(items.map(expr).joined(separator: ", "))])"
        case .member(let x, let m): return "\(expr(x)).\(m)"
        case .index(let x, let i): return "\(expr(x))[\(expr(i))]"
        case .pipe(let l, let op): return "(\(expr(l)) | \(oper(op)))"
        case .source(let op): return oper(op)
        case .paren(let x): return "{\(expr(x))}"
        case .implicitInput: return "$input"
        }
    }
    static func arg(_ a: Argument) -> String { (a.name.map { $0 + "=" } ?? "") + expr(a.value) }
    static func lit(_ l: Literal) -> String {
        switch l {
        case .bool(let b): return "\(b)"
        case .long(let v): return "\(v)"
        case .real(let v): return "real:\(v)"
        case .string(let s): return s.debugDescription
        case .timespan(let t): return "ts:\(t)"
        case .typed(let t, let x): return "\(t)<\(x)>"
        case .typedNull(let t): return "\(t)<null>"
        }
    }
    static func asg(_ a: Assignment) -> String {
        var s = ""
        if a.names.count == 1 { s = a.names[0] + "=" } else if a.names.count > 1 { s = "(" + a.names.joined(separator: ",") + ")=" }
        s += expr(a.value)
        if let t = a.toType { s += " to \(t)" }
        return s
    }
    static func asgs(_ a: [Assignment]) -> String { a.map(asg).joined(separator: ", ") }
    static func params(_ p: [OperatorParameter]) -> String { p.map { "\($0.name)=\(expr($0.value)) " }.joined() }
    static func key(_ k: SortKey) -> String {
        expr(k.expr) + (k.ascending ? " asc" : " desc") + (k.nullsFirst.map { $0 ? " nulls-first" : " nulls-last" } ?? "")
    }
    static func oper(_ o: QueryOperator) -> String {
        switch o.kind {
        case .where(let e): return "where \(expr(e))"
        case .whereNamed(let a): return "where \(asgs([a]))"
        case .extend(let a): return "extend \(asgs(a))"
        case .project(let a): return "project \(asgs(a))"
        case .projectAway(let a): return "project-away \(a.map(expr).joined(separator: ", "))"
        case .projectKeep(let a): return "project-keep \(a.map(expr).joined(separator: ", "))"
        case .projectRename(let a): return "project-rename \(asgs(a))"
        case .projectReorder(let k): return "project-reorder \(k.map(key).joined(separator: ", "))"
        case .summarize(let p, let a, let by): return "summarize \(params(p))\(asgs(a)) by \(asgs(by))"
        case .sort(let p, let k): return "sort \(params(p))\(k.map(key).joined(separator: ", "))"
        case .top(let p, let n, let k): return "top \(params(p))\(expr(n)) by \(key(k))"
        case .take(let e): return "take \(expr(e))"
        case .count(let n): return "count" + (n.map { " as \($0)" } ?? "")
        case .distinct(let a): return "distinct \(asgs(a))"
        case .print(let a): return "print \(asgs(a))"
        case .range(let n, let f, let t, let s): return "range \(n) \(expr(f)) \(expr(t)) \(expr(s))"
        case .datatable(let c, let v):
            return "datatable(\(c.map { "\($0.name):\($0.type)" }.joined(separator: ","))) [\(v.map(expr).joined(separator: ", "))]"
        case .externalData(let c, let u, let p):
            return "externaldata(\(c.map { "\($0.name):\($0.type)" }.joined(separator: ","))) [\(u.map(expr).joined(separator: ", "))]"
                + (p.isEmpty ? "" : " with(\(p.map { "\($0.names.joined())=\(expr($0.value))" }.joined(separator: ", ")))")
        case .join(let p, let r, let on): return "join \(params(p))\(expr(r)) on \(on.map(expr).joined(separator: ", "))"
        case .lookup(let p, let r, let on): return "lookup \(params(p))\(expr(r)) on \(on.map(expr).joined(separator: ", "))"
        case .union(let p, let t): return "union \(params(p))\(t.map(expr).joined(separator: ", "))"
        case .serialize(let a): return "serialize \(asgs(a))"
        case .getschema: return "getschema"
        case .as(let p, let n): return "as \(params(p))\(n)"
        case .invoke(let e): return "invoke \(expr(e))"
        case .render(let c, let p): return "render \(c) \(params(p))"
        case .evaluate(let p, let e, _): return "evaluate \(params(p))\(expr(e))"
        case .mvExpand(let p, let items, let lim):
            return "mv-expand \(params(p))\(asgs(items))" + (lim.map { " limit \(expr($0))" } ?? "")
        case .mvApply(let p, let items, let lim, let sub):
            return "mv-apply \(params(p))\(asgs(items))" + (lim.map { " limit \(expr($0))" } ?? "") + " on \(expr(sub))"
        case .parse(let p, let src, let pat, let w):
            let ps = pat.map { el -> String in
                switch el {
                case .literal(let s, _): return s.debugDescription
                case .star: return "*"
                case .column(let n, let t, _): return n + (t.map { ":" + $0 } ?? "")
                }
            }
            return "\(w ? "parse-where" : "parse") \(params(p))\(expr(src)) with \(ps.joined(separator: " "))"
        case .parseKv(let src, let keys, let options):
            return "parse-kv \(expr(src)) as (\(keys.map { "\($0.name):\($0.type)" }.joined(separator: ", ")))"
                + (options.isEmpty ? "" : " with (\(options.map { "\($0.names.joined())=\(expr($0.value))" }.joined(separator: ", ")))")
        case .makeSeries(let p, let a, let d, let axis, let from, let to, let step, let by, let rangeForm):
            let aggs = zip(a, d).map { asg($0) + ($1.map { " default=\(expr($0))" } ?? "") }.joined(separator: ", ")
            let bounds = rangeForm ? "in range(\(from.map(expr) ?? "-"), \(to.map(expr) ?? "-"), \(expr(step)))"
                : "from \(from.map(expr) ?? "-") to \(to.map(expr) ?? "-") step \(expr(step))"
            return "make-series \(params(p))\(aggs) on \(expr(axis)) \(bounds) by \(asgs(by))"
        case .partition(let p, let k, let sub, let src):
            return "partition \(params(p))by \(expr(k)) " + (src ? "{\(expr(sub))}" : expr(sub))
        case .scan(let m, let d, let steps):
            let decl = d.map { "\($0.name):\($0.type)" + ($0.defaultValue.map { "=" + expr($0) } ?? "") }.joined(separator: ", ")
            let st = steps.map { "step \($0.name)" + ($0.output.map { " output=" + $0 } ?? "") + ": \(expr($0.condition))" + ($0.assignments.isEmpty ? "" : " => " + asgs($0.assignments)) }
            return "scan" + (m.map { " with_match_id=" + $0 } ?? "") + " declare(\(decl)) with(\(st.joined(separator: "; ")))"
        case .search(let p, let t, let pred):
            return "search \(params(p))" + (t.map { "in (\($0.map(expr).joined(separator: ", "))) " } ?? "") + expr(pred)
        case .find(let p, let t, let pred, let proj):
            return "find \(params(p))" + (t.map { "in (\($0.map(expr).joined(separator: ", "))) " } ?? "") + expr(pred)
                + (proj.map { " project " + $0.columns.map { $0.name + ($0.type.isEmpty ? "" : ":" + $0.type) }.joined(separator: ", ") + ($0.packAll ? " pack_all()" : "") } ?? "")
        case .sample(let p, let n): return "sample \(params(p))\(expr(n))"
        case .sampleDistinct(let p, let n, let c): return "sample-distinct \(params(p))\(expr(n)) of \(expr(c))"
        case .topNested(let levels):
            return "top-nested " + levels.map { l in
                (l.count.map(expr) ?? "-") + " of \(asg(l.of))" + (l.others.map { " others=\(expr($0))" } ?? "") + " by \(asg(l.by))" + (l.ascending ? " asc" : " desc")
            }.joined(separator: ", ")
        case .fork(let legs): return "fork " + legs.map { ($0.name.map { "\($0)=" } ?? "") + expr($0.subquery) }.joined(separator: " ")
        case .facet(let cols, let with): return "facet by " + cols.map(expr).joined(separator: ", ") + (with.map { " with " + expr($0) } ?? "")
        case .other(let n): return "other:\(n)"
        }
    }
}
