import KQLColumns
import KQLSyntax

extension Binder {
    /// `extend`: each item in turn adds (or replaces) a column, seeing the ones before it.
    func bindExtend(_ items: [Assignment], input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        try requireSerializedIfNeeded(items.map(\.value), input: input)
        var plan = input
        let outer = extendInputColumns
        extendInputColumns = input.schema.names
        defer { extendInputColumns = outer }
        for item in items {
            let s = plan.schema
            if let (packed, tuple) = try bindTupleItem(item, schema: s, scope: scope) {
                plan = extendTuple(packed, tuple, plan: plan)
                continue
            }
            guard let bound = try recoveringItem(item, { try bindScalar(item.value, schema: s, scope: scope) }) else { continue }
            let name: String
            if let n = item.names.first { name = n } else {
                name = resultName(item.value, row: s) ?? defaultColumnName(scope: scope, row: s)
            }
            var cols = s.fields.enumerated().map { (name: $1.name, expr: BoundExpr.column(index: $0, type: $1.type)) }
            if let i = s.index(of: name) { cols[i] = (name, bound) } else { cols.append((name, bound)) }
            plan = .project(.init(input: plan, columns: cols))
        }
        return plan
    }

    /// `project`: exactly the listed columns (wildcards expand to matching input columns).
    func bindProject(_ items: [Assignment], input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let schema = input.schema
        try requireSerializedIfNeeded(items.map(\.value), input: input)
        if let p = try projectWithTuples(items, input: input, scope: scope, defaultName: { _, item, s, counter in
            item.names.first ?? derivedName(item.value, fallback: nil) ?? { counter += 1; return nextColumnName(s, &counter) }()
        }) { return p }
        var cols: [(name: String, expr: BoundExpr)] = []
        for item in items {
            if case .name(let n) = item.value.kind, n.contains("*"), item.names.isEmpty {
                for (i, f) in schema.fields.enumerated() where wildcardMatch(n, f.name) { cols.append((f.name, .column(index: i, type: f.type))) }
                continue
            }
            guard let bound = try recoveringItem(item, { try bindScalar(item.value, schema: schema, scope: scope) }) else { continue }
            let name = item.names.first ?? resultName(item.value, row: schema) ?? defaultColumnName(scope: scope)
            cols.append((name, bound))
        }
        return .project(.init(input: input, columns: uniquify(cols)))
    }

    /// `project-away` (drops the matching columns) and `project-keep` (keeps only them).
    func bindProjectAwayKeep(_ items: [Expr], keepOnly: Bool, input: LogicalPlan) throws -> LogicalPlan {
        let schema = input.schema
        var keep = keepOnly ? Set<Int>() : Set(0..<schema.fields.count)
        for item in items {
            let pattern = try columnPattern(item)
            let matches = schema.fields.indices.filter { wildcardMatch(pattern, schema.fields[$0].name) }
            if matches.isEmpty && !pattern.contains("*") { throw fail(.unknownName, "unknown column '\(pattern)'", item.span).helping(columnHelp(pattern, schema)) }
            if keepOnly { keep.formUnion(matches) } else { keep.subtract(matches) }
        }
        let cols = schema.fields.indices.filter { keep.contains($0) }.map { (name: schema.fields[$0].name, expr: BoundExpr.column(index: $0, type: schema.fields[$0].type)) }
        return .project(.init(input: input, columns: cols))
    }

    /// `project-rename NewName = ExistingColumn, …`.
    func bindProjectRename(_ items: [Assignment], input: LogicalPlan) throws -> LogicalPlan {
        let schema = input.schema
        var cols = schema.fields.enumerated().map { (name: $1.name, expr: BoundExpr.column(index: $0, type: $1.type)) }
        for item in items {
            guard let newName = item.names.first, case .name(let old) = item.value.kind else {
                throw fail(.invalidOperatorArgument, "project-rename expects NewName = ExistingColumn", item.value.span)
            }
            guard let i = schema.index(of: old) else { throw fail(.unknownName, "unknown column '\(old)'", item.value.span).helping(columnHelp(old, schema)) }
            cols[i].name = newName
        }
        return .project(.init(input: input, columns: cols))
    }

    /// `project-reorder`: the matching columns first, in the given (or sorted) order, then the rest.
    func bindProjectReorder(_ keys: [SortKey], input: LogicalPlan) throws -> LogicalPlan {
        let schema = input.schema
        var order: [Int] = []
        for k in keys {
            let pattern = try columnPattern(k.expr)
            // A column an earlier name or pattern placed stays there (project-reorder-operator.md: "the
            // column appears in the first position matching the pattern"): `*, Tags` is no error.
            let all = schema.fields.indices.filter { wildcardMatch(pattern, schema.fields[$0].name) }
            if all.isEmpty && !pattern.contains("*") { throw fail(.unknownName, "unknown column '\(pattern)'", k.expr.span).helping(columnHelp(pattern, schema)) }
            var matches = all.filter { !order.contains($0) }
            if k.explicitOrder {
                matches.sort { k.ascending ? schema.fields[$0].name < schema.fields[$1].name : schema.fields[$0].name > schema.fields[$1].name }
            }
            order += matches
        }
        order += schema.fields.indices.filter { !order.contains($0) }
        return .project(.init(input: input, columns: order.map { (name: schema.fields[$0].name, expr: BoundExpr.column(index: $0, type: schema.fields[$0].type)) }))
    }

    /// A column name or wildcard pattern.
    private func columnPattern(_ e: Expr) throws -> String {
        switch e.kind {
        case .name(let n): return n
        case .star: return "*"
        default: throw fail(.invalidOperatorArgument, "expected a column name or wildcard", e.span)
        }
    }
}
