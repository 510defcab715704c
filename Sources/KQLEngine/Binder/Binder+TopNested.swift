import KQLColumns
import KQLSyntax

extension Binder {
    /// `top-nested [N] of [Name =] Expr [with others = v] by [Name =] Agg [asc|desc], top-nested ...`
    /// (top-nested-operator.md). Level k is bound as `input | summarize Agg_k by Expr_1, ..., Expr_k`
    /// (so an aggregate may be any combination of aggregates, as in summarize); the executor keeps
    /// the top N_k groups of each partition chosen at level k-1. Output: per level, its value column
    /// then its aggregate column.
    ///
    /// Names (Kusto's binder): `Name =` when given; else the column an expression names (`bin(c, x)`
    /// -> `c`, `strlen(c)` -> `strlen_c`); else an empty name, as Kusto's binder gives. The aggregate
    /// column is `aggregated_<value column>` unless named.
    ///
    /// `with others = v` adds, per partition, a row holding v and the aggregate over the groups left
    /// out. Supported on the last level only, and for an aggregate Quarry can combine from the groups'
    /// results: count, countif, sum, sumif, min, max (others: a clear error naming the form).
    func bindTopNested(_ levels: [TopNestedLevel], input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        let source = levels.count > 1 ? shared(input) : input
        var used = Set<String>()
        func unique(_ n: String) -> String {
            var name = n
            if used.contains(name) { var k = 1; while used.contains("\(n)\(k)") { k += 1 }; name = "\(n)\(k)" }
            used.insert(name)
            return name
        }
        var fields: [Field] = []
        var plans: [LogicalPlan] = []
        var counts: [Int?] = []
        var others: Value?
        var combine: LogicalPlan.TopNested.Combine?
        var keyItems: [Assignment] = []
        for (k, level) in levels.enumerated() {
            var count: Int? = nil
            if let c = level.count {
                let v = try constant(c, scope: scope)
                guard let n = integerValue(v), n >= 0 else {
                    throw fail(.invalidOperatorArgument, "top-nested: expected a non-negative integer count", c.span)
                }
                count = Int(min(n, Int64(Int.max)))
            }
            counts.append(count)
            keyItems.append(Assignment(names: ["__topnested_key\(k)"], level.of.value))
            let aggItem = Assignment(names: ["__topnested_agg"], level.by.value)
            let plan: LogicalPlan
            do {
                plan = try bindSummarize(input: source, aggregates: [aggItem], by: keyItems, scope: scope)
            } catch let d as Diagnostic where d.code == .aggregateContext {
                throw fail(.aggregateContext, "top-nested: 'by' needs an aggregation (e.g. count(), sum(x)): \(d.message)", d.span)
            }
            guard let aggIndex = plan.schema.index(of: "__topnested_agg"), aggIndex == k + 1, plan.schema.fields.count == k + 2 else {
                throw fail(.invalidOperatorArgument, "top-nested: 'by' takes one aggregation", level.by.value.span)
            }
            plans.append(plan)
            let keyName = unique(level.of.names.first ?? topNestedKeyName(level.of.value))
            let keyType = plan.schema.fields[k].type
            let aggType = plan.schema.fields[k + 1].type
            fields.append(Field(keyName, keyType))
            fields.append(Field(unique(level.by.names.first ?? "aggregated_\(keyName)"), aggType))
            if let o = level.others {
                guard k == levels.count - 1 else {
                    throw fail(.unsupportedOperatorForm, "top-nested: 'with others' is supported on the last level only", o.span)
                }
                let v = try constant(o, scope: scope)
                guard v.type == keyType else {
                    throw fail(.invalidOperatorArgument, "top-nested: the 'with others' value must be a \(keyType.rawValue), as the level's values are", o.span)
                }
                others = v
                combine = try othersCombine(level.by.value, type: aggType)
            }
        }
        return .topNested(.init(levels: plans, counts: counts, ascending: levels.map(\.ascending),
                                others: others, combine: combine, schema: Schema(fields)))
    }

    /// How the others row's aggregate follows from the left-out groups' results.
    private func othersCombine(_ agg: Expr, type: KQLType) throws -> LogicalPlan.TopNested.Combine {
        if case .call(let name, _, _) = agg.kind {
            switch name {
            case "count", "countif", "sum", "sumif":
                if [.long, .int, .real].contains(type) { return .sum }
            case "min": return .min
            case "max": return .max
            default: break
            }
        }
        throw fail(.unsupportedOperatorForm, "top-nested: 'with others' is supported with count, countif, sum, sumif, min or max as the aggregation", agg.span)
    }

    /// The value column's name when not given (see `bindTopNested`).
    private func topNestedKeyName(_ e: Expr) -> String {
        if case .call(let fn, _, let args) = e.kind, fn == "bin" || fn == "floor" || fn == "bin_at", let first = args.first,
           let n = first.name ?? derivedName(first.value, fallback: nil) {
            return n
        }
        if case .call(let fn, _, let args) = e.kind, args.count == 1, case .name(let a) = args[0].value.kind,
           FunctionRegistry.scalarByName[fn] != nil, derivedName(e, fallback: nil) == nil, !["tolower", "toupper"].contains(fn) {
            return "\(fn)_\(a)"
        }
        return derivedName(e, fallback: nil) ?? ""
    }
}
