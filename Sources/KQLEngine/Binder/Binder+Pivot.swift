import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate pivot(PivotColumn [, agg(...)] [, Column1, ...]) [: (schema)]` (pivot-plugin.md).
    ///
    /// A summarize of `agg` (default `count()`) by the columns (default: every input column but
    /// the pivot column and those the aggregate reads) and the pivot column, rotated: one row per
    /// value of the columns, one column per value of the pivot column (its string form) holding
    /// the aggregate. Without an output schema the pivot values come from the data (the input is
    /// probed, as for bag_unpack), in order of first appearance; with one, its columns that are
    /// not grouping columns name the pivot values kept (others are dropped, their rows kept, as
    /// the doc's output-schema example shows). A cell with no rows holds the aggregate of nothing:
    /// 0 for count/dcount/sum (the doc's examples show 0), an empty array or bag for
    /// make_list/make_set/make_bag, else null.
    func bindPivot(args: [Argument], nameSpan: Span, outputSchema: [TypedName]?, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let inFields = input.schema.fields
        guard let first = args.first, case .name(let pivotName) = first.value.kind, let pivotIndex = input.schema.index(of: pivotName) else {
            throw fail(.invalidOperatorArgument, "pivot's first argument must be a column of the input", args.first?.value.span ?? nameSpan)
        }
        var rest = Array(args.dropFirst())
        var agg = Expr(.call(name: "count", nameSpan: nameSpan, args: []), nameSpan)
        if let a = rest.first, case .call(let fn, _, _) = a.value.kind, FunctionRegistry.aggregateByName[fn] != nil {
            agg = a.value
            rest.removeFirst()
        }
        // The aggregates the doc lists for pivot (take_any also under its older name any).
        let supported: Set<String> = ["min", "max", "take_any", "any", "sum", "dcount", "avg", "stdev", "variance",
                                      "make_list", "make_bag", "make_set", "count"]
        guard case .call(let aggName, _, _) = agg.kind, supported.contains(aggName) else {
            throw fail(.invalidOperatorArgument, "pivot's aggregate must be one of min, max, take_any, sum, dcount, avg, stdev, variance, make_list, make_bag, make_set, count", agg.span)
        }
        var byNames: [String] = []
        for a in rest {
            guard a.name == nil, case .name(let n) = a.value.kind, input.schema.index(of: n) != nil else {
                throw fail(.invalidOperatorArgument, "pivot's columns must be columns of the input", a.value.span)
            }
            byNames.append(n)
        }
        if rest.isEmpty {
            let read = namesIn(agg)
            byNames = inFields.map(\.name).filter { $0 != pivotName && !read.contains($0) }
        }
        if byNames.contains(pivotName) { throw fail(.invalidOperatorArgument, "the pivot column cannot also be a grouping column", nameSpan) }

        func plan(over source: LogicalPlan) throws -> LogicalPlan {
            let by = (byNames + [pivotName]).map { Assignment(Expr(.name($0), nameSpan)) }
            let s = try bindSummarize(input: source, aggregates: [Assignment(names: ["pivot_value"], agg)], by: by, scope: scope)
            guard s.schema.fields.count == byNames.count + 2 else {
                throw fail(.invalidOperatorArgument, "pivot's aggregate must give one value", agg.span)
            }
            return s
        }

        var columns: [LogicalPlan.Pivot.Column] = []
        var fields: [Field] = []
        var summarized: LogicalPlan
        if let outputSchema {
            summarized = try plan(over: input)
            let aggType = summarized.schema.fields[byNames.count + 1].type
            for t in outputSchema {
                guard t.name != "*", let type = KQLType(name: t.type) else {
                    throw fail(.invalidOperatorArgument, "pivot's output schema takes Name:type columns only", t.span)
                }
                if let k = byNames.firstIndex(of: t.name) {
                    guard summarized.schema.fields[k].type == type else {
                        throw fail(.invalidOperatorArgument, "'\(t.name)' is of type \(summarized.schema.fields[k].type), not \(type)", t.span)
                    }
                    columns.append(.key(k))
                } else {
                    guard type == aggType else {
                        throw fail(.invalidOperatorArgument, "pivot column '\(t.name)' holds \(aggName)() values of type \(aggType), not \(type)", t.span)
                    }
                    columns.append(.pivot(t.name))
                }
                fields.append(Field(t.name, type))
            }
        } else {
            if input.readsOuterApplyInput {
                throw fail(.unsupportedOperatorForm, "pivot inside mv-apply needs an output schema: evaluate pivot(...) : (Name:type, ...)", nameSpan)
            }
            let rows = try probedInput(input, span: nameSpan, plugin: "pivot")
            summarized = try plan(over: .values(.init(table: rows)))
            let aggType = summarized.schema.fields[byNames.count + 1].type
            for (k, n) in byNames.enumerated() { columns.append(.key(k)); fields.append(summarized.schema.fields[k]); _ = n }
            var seen = Set<String>(byNames)
            for b in rows.batches {
                for r in 0..<b.count {
                    let name = kqlString(b.columns[pivotIndex].value(at: r))
                    if seen.contains(name) {
                        if byNames.contains(name) {
                            throw fail(.invalidOperatorArgument, "pivot: the value '\(name)' names a column the output already has (a grouping column)", nameSpan)
                        }
                        continue
                    }
                    if name.isEmpty {
                        throw fail(.invalidOperatorArgument, "pivot: an empty or null value in '\(pivotName)' cannot name a column", nameSpan)
                    }
                    seen.insert(name)
                    try checkDataColumns(seen.count, plugin: "pivot", nameSpan)
                    columns.append(.pivot(name)); fields.append(Field(name, aggType))
                }
            }
        }
        let aggType = summarized.schema.fields[byNames.count + 1].type
        let empty: Value
        switch aggName {
        case "count", "countif", "dcount", "dcountif", "sum", "sumif":
            empty = aggType == .real ? .real(0) : aggType == .int ? .int(0) : aggType == .long ? .long(0) : .null(aggType)
        case "make_list", "make_set", "make_list_if", "make_set_if", "makelist", "makeset", "make_list_with_nulls":
            empty = .dynamic(.array([]))
        case "make_bag", "make_bag_if":
            empty = .dynamic(.object(PropertyBag()))
        default:
            empty = .null(aggType)
        }
        return .pivot(.init(input: summarized, keyCount: byNames.count, columns: columns, empty: empty, schema: Schema(fields)))
    }

    /// The names an expression mentions (the columns an aggregate reads).
    private func namesIn(_ e: Expr) -> Set<String> {
        switch e.kind {
        case .name(let n): return [n]
        case .call(_, _, let args): return args.reduce(into: Set<String>()) { $0.formUnion(namesIn($1.value)) }
        case .binary(_, let a, let b), .index(let a, let b): return namesIn(a).union(namesIn(b))
        case .unary(_, let x), .paren(let x), .member(let x, _): return namesIn(x)
        default: return []
        }
    }
}
