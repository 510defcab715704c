import KQLColumns

/// A plan printed for people and tools: one node per line in text, the same tree in JSON.
/// `quarry explain` shows the optimized plan; logic tests compare it in `explain` blocks.
public struct ExplainNode: Sendable, Equatable {
    /// The operator: `Scan`, `Filter`, `Summarize`, …
    public var op: String
    /// Its properties, in a fixed order: columns read, predicates, keys, strategies, …
    public var properties: [(key: String, value: String)]
    public var children: [ExplainNode]

    public static func == (a: ExplainNode, b: ExplainNode) -> Bool {
        a.op == b.op && a.children == b.children && a.properties.map(\.key) == b.properties.map(\.key)
            && a.properties.map(\.value) == b.properties.map(\.value)
    }

    /// One node per line, children indented under their parent.
    public var text: String {
        var lines: [String] = []
        func walk(_ n: ExplainNode, _ depth: Int) {
            let props = n.properties.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.append(String(repeating: "  ", count: depth) + n.op + (props.isEmpty ? "" : " " + props))
            for c in n.children { walk(c, depth + 1) }
        }
        walk(self, 0)
        return lines.joined(separator: "\n")
    }

    /// `{"operator": …, "properties": {…}, "children": […]}`.
    public var json: String {
        var out: [UInt8] = []
        func walk(_ n: ExplainNode) {
            out += Array("{\"operator\":".utf8)
            JSON.writeString(n.op, into: &out)
            out += Array(",\"properties\":{".utf8)
            for (i, p) in n.properties.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(p.key, into: &out)
                out.append(UInt8(ascii: ":"))
                JSON.writeString(p.value, into: &out)
            }
            out += Array("},\"children\":[".utf8)
            for (i, c) in n.children.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                walk(c)
            }
            out += Array("]}".utf8)
        }
        walk(self)
        return String(decoding: out, as: UTF8.self)
    }
}

extension LogicalPlan {
    /// The plan as an explain tree. Subqueries appear as children named `Subquery #id`, after the
    /// node's inputs; a shared plan shows its tree at its first reference only.
    func explain() -> ExplainNode {
        var shown = Set<Int>()
        return explain(&shown)
    }

    private func explain(_ shown: inout Set<Int>) -> ExplainNode {
        let input = children.first?.schema ?? Schema([])
        func e(_ x: BoundExpr, _ s: Schema? = nil) -> String { x.explainText(s ?? input) }
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        var op: String
        var props: [(key: String, value: String)] = []
        switch self {
        case .scan(let scan):
            op = "Scan"
            props.append(("table", scan.table))
            props.append(("columns", list(scan.schema.names)))
            if !scan.predicates.isEmpty { props.append(("predicates", list(scan.predicates.map { "\($0.column) \($0.op.rawValue) \($0.value.kqlLiteral)" }))) }
            if let l = scan.limit { props.append(("limit", String(l))) }
        case .values(let t):
            op = "Values"
            props = [("columns", list(t.schema.names)), ("rows", String(t.rowCount))]
        case .shared(let s):
            op = "Shared"
            props = [("id", String(s.id)), ("runs", "once")]
            if shown.contains(s.id) { return ExplainNode(op: op, properties: props + [("plan", "above")], children: []) }
            shown.insert(s.id)
        case .filter(_, let p):
            op = "Filter"
            props = [("predicate", e(p))]
        case .project(_, let cols):
            op = "Project"
            props = [("columns", list(cols.map { c in
                if case .column(let i, _) = c.expr, i < input.fields.count, input.fields[i].name == c.name { return c.name }
                return "\(c.name)=\(e(c.expr))"
            }))]
        case .take(_, let n):
            op = "Take"
            props = [("rows", String(n))]
        case .sort(_, let keys):
            op = "Sort"
            props = [("by", list(keys.map { $0.explainText(input) }))]
        case .top(_, let n, let key):
            op = "Top"
            props = [("rows", String(n)), ("by", key.explainText(input)), ("strategy", "heap")]
        case .count(_, let name):
            op = "Count"
            props = [("column", name)]
        case .distinct(_, let cols):
            op = "Distinct"
            props = [("columns", list(cols.map { input.fields[$0].name })), ("strategy", "hash")]
        case .summarize(_, let keys, let aggs):
            op = "Summarize"
            props = [("by", list(keys.map { "\($0.name)=\(e($0.expr))" })),
                     ("aggregates", list(aggs.map { $0.explainText(input) })),
                     ("strategy", keys.isEmpty ? "single group" : "hash, partitioned by key across cores from 50,000 rows")]
        case .range(let name, let from, let to, let step, _):
            op = "Range"
            props = [("column", name), ("from", from.kqlLiteral), ("to", to.kqlLiteral), ("step", step.kqlLiteral)]
        case .getschema:
            op = "GetSchema"
        case .union(_, let s, _, let labels):
            op = "Union"
            props = [("columns", list(s.names))]
            if labels != nil { props.append(("withsource", s.fields[0].name)) }
        case .join(let l, let r, let spec):
            op = "Join"
            let keys = zip(spec.leftKeys, spec.rightKeys).map { "$left.\(l.schema.fields[$0].name) == $right.\(r.schema.fields[$1].name)" }
            props = [("kind", spec.kind.rawValue), ("on", list(keys)), ("strategy", "hash, right side built")]
        case .mvExpand(_, let spec):
            op = "MvExpand"
            props = [("items", list(spec.items.map { "\(spec.schema.fields[$0.output].name)=\(e($0.expr))" }))]
            if let l = spec.limit { props.append(("limit", String(l))) }
        case .parse(_, let spec):
            op = "Parse"
            props = [("source", e(spec.source)), ("columns", list(spec.columns.map { spec.schema.fields[$0.output].name }))]
        case .makeSeries(_, let spec):
            op = "MakeSeries"
            props = [("by", list(spec.keys.map { "\($0.name)=\(e($0.expr))" })),
                     ("aggregates", list(spec.aggregates.map { $0.explainText(input) })),
                     ("axis", e(spec.axis)), ("bins", String(spec.bins))]
        case .serialized:
            op = "Serialize"
        }
        var kids = children.map { $0.explain(&shown) }
        for x in expressions {
            for q in x.subqueries {
                let sub = q.plan.explain(&shown)
                kids.append(ExplainNode(op: "Subquery", properties: [("id", String(q.id))], children: [sub]))
            }
        }
        return ExplainNode(op: op, properties: props, children: kids)
    }
}

extension BoundSortKey {
    func explainText(_ s: Schema) -> String {
        expr.explainText(s) + (ascending ? " asc" : " desc") + (nullsFirst ? " nulls first" : " nulls last")
    }
}

extension BoundAggregate {
    func explainText(_ s: Schema) -> String {
        let call = "\(function)(\((args + carried).map { $0.explainText(s) }.joined(separator: ", ")))"
        return "\(outputFields.map(\.name).joined(separator: ","))=\(call)"
    }
}

extension BoundExpr {
    /// KQL-like text of the expression, naming columns by the input schema.
    func explainText(_ s: Schema) -> String {
        func t(_ x: BoundExpr) -> String { x.explainText(s) }
        switch self {
        case .constant(let v): return v.kqlLiteral
        case .column(let i, _): return i < s.fields.count ? s.fields[i].name : "#\(i)"
        case .call(let f, let args): return "\(f.name)(\(args.map(t).joined(separator: ", ")))"
        case .compare(let op, let l, let r):
            let sym: String
            switch op { case .eq: sym = "=="; case .ne: sym = "!="; case .lt: sym = "<"; case .le: sym = "<="; case .gt: sym = ">"; case .ge: sym = ">="; case .eqCi: sym = "=~"; case .neCi: sym = "!~" }
            return "\(t(l)) \(sym) \(t(r))"
        case .arithmetic(let op, let l, let r, _):
            let sym: String
            switch op { case .add: sym = "+"; case .sub: sym = "-"; case .mul: sym = "*"; case .div: sym = "/"; case .mod: sym = "%" }
            return "(\(t(l)) \(sym) \(t(r)))"
        case .negate(let x, _): return "-\(t(x))"
        case .logical(let isAnd, let l, let r): return "(\(t(l)) \(isAnd ? "and" : "or") \(t(r)))"
        case .stringPredicate(let p, let l, let r):
            var name: String
            switch p.kind {
            case .has: name = "has"; case .hasPrefix: name = "hasprefix"; case .hasSuffix: name = "hassuffix"
            case .contains: name = "contains"; case .startsWith: name = "startswith"; case .endsWith: name = "endswith"
            case .matchesRegex: name = "matches regex"
            }
            if p.caseSensitive && p.kind != .matchesRegex { name += "_cs" }
            if p.negated { name = "!" + name }
            return "\(t(l)) \(name) \(t(r))"
        case .inSet(let x, let set, let negated):
            let op = (negated ? "!in" : "in") + (set.caseInsensitive ? "~" : "")
            let shown = set.values.map(\.kqlLiteral).sorted()
            return "\(t(x)) \(op) (\(shown.prefix(8).joined(separator: ", "))\(shown.count > 8 ? ", … \(shown.count) values" : ""))"
        case .between(let x, let lo, let hi, let negated):
            return "\(t(x)) \(negated ? "!between" : "between") (\(t(lo)) .. \(t(hi)))"
        case .scalarSubquery(let q, _): return "toscalar(#\(q.id))"
        case .listSubquery(let op, let x, let q, let c):
            return "\(t(x)) \(op.rawValue) (#\(q.id)\(c.isEmpty ? "" : ", " + c.map(\.kqlLiteral).joined(separator: ", ")))"
        }
    }
}

extension Value {
    /// The value as a KQL literal: `"text"`, `5`, `datetime(2025-05-10T00:00:00.0000000Z)`, `long(null)`.
    var kqlLiteral: String {
        if isNull { return "\(type.rawValue)(null)" }
        switch self {
        case .string(let s):
            var out: [UInt8] = []
            JSON.writeString(s, into: &out)
            return String(decoding: out, as: UTF8.self)
        case .int(let x): return "int(\(x))"
        case .long(let x): return String(x)
        case .real(let x): return "real(\(formatReal(x)))"
        case .bool(let b): return b ? "true" : "false"
        case .datetime(let t): return "datetime(\(DateTime.format(t)))"
        case .timespan(let t): return "timespan(\(TimeSpan.format(t)))"
        case .guid(let g): return "guid(\(g))"
        case .dynamic(let d): return "dynamic(\(JSON.serialize(d)))"
        case .null: return "null"
        }
    }
}
