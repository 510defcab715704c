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
        let n = node
        let op = n.explainName
        let props = n.explainProperties(input: children.first?.schema ?? Schema([]))
        if case .shared(let s) = self {
            if shown.contains(s.id) { return ExplainNode(op: op, properties: props + [("plan", "above")], children: []) }
            shown.insert(s.id)
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
        case .decimal(let d): return "decimal(\(d))"
        case .bool(let b): return b ? "true" : "false"
        case .datetime(let t): return "datetime(\(DateTime.format(t)))"
        case .timespan(let t): return "timespan(\(TimeSpan.format(t)))"
        case .guid(let g): return "guid(\(g))"
        case .dynamic(let d): return "dynamic(\(JSON.serialize(d)))"
        case .null: return "null"
        }
    }
}
