import KQLColumns
import KQLSyntax

extension Binder {
    /// `union [kind=outer|inner] [withsource=Col] T1, T2*, (subquery)`, optionally piped
    /// (`T | union U`, whose first input is T). Same-named columns of one type merge; a name
    /// that comes with several types becomes one column per type, `Name_type`.
    func bindUnion(parameters: [OperatorParameter], tables: [Expr], input: LogicalPlan?, inputLabel: String?,
                   span: Span, scope: Scope) throws -> LogicalPlan {
        var kind = "outer"
        var sourceColumn: String?
        var fuzzy = false
        for p in parameters {
            switch p.name {
            case "kind":
                guard case .name(let k) = p.value.kind, k == "inner" || k == "outer" else {
                    throw fail(.invalidOperatorArgument, "union kind must be inner or outer", p.value.span)
                }
                kind = k
            case "withsource":
                guard case .name(let n) = p.value.kind else { throw fail(.invalidOperatorArgument, "withsource expects a column name", p.value.span) }
                sourceColumn = n
            case "isfuzzy":
                if case .literal(.bool(let b)) = p.value.kind { fuzzy = b }
                if case .name(let n) = p.value.kind { fuzzy = n.lowercased() == "true" }
            default: continue   // hints do not change results
            }
        }
        let inputs = try unionInputs(tables: tables, input: input, inputLabel: inputLabel, fuzzy: fuzzy, scope: scope)
        return try makeUnion(inputs, kind: kind, sourceColumn: sourceColumn, span: span)
    }

    /// A union's inputs with their labels: the piped input first, then each table expression
    /// (a wildcard name expands to every table and tabular let it matches, sorted).
    func unionInputs(tables: [Expr], input: LogicalPlan?, inputLabel: String?, fuzzy: Bool,
                     scope: Scope) throws -> [(label: String, plan: LogicalPlan)] {
        var inputs: [(label: String, plan: LogicalPlan)] = []
        if let input { inputs.append((inputLabel ?? "union_arg0", input)) }
        for t in tables {
            // `union Device*`, and `union *`: every table (and tabular let) whose name matches.
            var wildcard: String?
            if case .name(let p) = t.kind, p.contains("*") { wildcard = p }
            if case .star = t.kind { wildcard = "*" }
            if let pattern = wildcard {
                let names = (session.wildcardTableNames + scope.lets.visible.compactMap { k, v in
                    if case .tabular = v { return k }; return nil
                }).filter { wildcardMatch(pattern, $0) }.sorted()
                for n in Set(names).sorted() { inputs.append((n, try bindTabular(Expr(.name(n), t.span), scope: scope))) }
                continue
            }
            let label: String = { if case .name(let n) = t.kind { return n }; return asLabel(t) ?? "union_arg\(inputs.count)" }()
            do {
                inputs.append((label, try (fuzzy ? withoutRecovery { try bindTabular(t, scope: scope) } : bindTabular(t, scope: scope))))
            } catch let d as Diagnostic where fuzzy && [.unknownTable, .unknownName, .unknownFunction, .invalidInvoke].contains(d.code) {
                // isfuzzy=true: a leg naming a table, column or function that does not exist is left out
                // (.unknownFunction and .invalidInvoke were KQB003 before codes were split).
                warnings.append("union isfuzzy=true: left out a leg: \(d.message)")
            }
        }
        return inputs
    }

    /// The union of labelled inputs (`kind` outer or inner; `sourceColumn`: withsource's column).
    func makeUnion(_ inputs: [(label: String, plan: LogicalPlan)], kind: String, sourceColumn: String?, span: Span) throws -> LogicalPlan {
        guard !inputs.isEmpty else { throw fail(.unknownTable, "union has no input tables", span) }

        // Distinct (name, type) pairs in first-appearance order, and the types each name has.
        // (Sets and dictionaries, not array searches: `search` over every table unions thousands of columns.)
        var pairs: [Field] = []
        var seen = Set<Field>()
        var typesOfName: [String: Set<KQLType>] = [:]
        var pairsOfName: [String: [Field]] = [:]
        var nameOrder: [String] = []
        for (_, p) in inputs {
            for f in p.schema.fields where !seen.contains(f) {
                seen.insert(f)
                pairs.append(f)
                if typesOfName[f.name] == nil { nameOrder.append(f.name) }
                typesOfName[f.name, default: []].insert(f.type)
                pairsOfName[f.name, default: []].append(f)
            }
        }
        // Columns of one name stay together (x_long, x_string), names in first-appearance order.
        pairs = nameOrder.flatMap { pairsOfName[$0] ?? [] }
        let positions: [[Field: Int]] = inputs.map { (_, p) in
            var m: [Field: Int] = [:]
            for (i, f) in p.schema.fields.enumerated() where m[f] == nil { m[f] = i }
            return m
        }
        if kind == "inner" {
            pairs = pairs.filter { f in positions.allSatisfy { $0[f] != nil } }
        }
        // Names made unique as Kusto does (ColumnNaming.swift): `x_int` from a split `x` after a
        // column already named `x_int` becomes `x_int1`.
        var unique = UniqueNames()
        let outFields = pairs.map { f in
            Field(unique.take((typesOfName[f.name]?.count ?? 1) > 1 ? "\(f.name)_\(f.type.rawValue)" : f.name), f.type)
        }
        let inputColumns: [[Int?]] = positions.map { m in pairs.map { m[$0] } }
        var schema = Schema(outFields)
        var labels: [String]? = nil
        if let sourceColumn {
            schema = Schema([Field(sourceColumn, .string)] + outFields)
            labels = inputs.map(\.label)
        }
        return .union(.init(inputs: inputs.map(\.plan), schema: schema, inputColumns: inputColumns, sourceLabels: labels))
    }
}
