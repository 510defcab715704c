import KQLColumns
import KQLSyntax

// Functions that return several columns (series_fit_line, series_stats, series_decompose, …; see
// Functions/Scalar/Series/SeriesCommon.swift). A call that is a whole extend/project/print item is
// bound once into a hidden column holding the packed result; the item then expands into one column
// per result, named as Kusto names them (`(a, b) = f(x)` names the first ones; the others, and all of
// them without names, are `f_x_column`, or `f__column` when the argument is not a column name).

/// One expanded result column of a tuple call.
struct TupleItem {
    var name: String
    /// Whether the query named it (a named column replaces an existing one in extend; a default name is
    /// made unique instead, as Kusto does).
    var explicit: Bool
    var type: KQLType
    var index: Int
}

extension Binder {
    /// The registry entry and result columns when `e` is a call of a tuple function (not shadowed by a let).
    func tupleFunction(_ e: Expr, scope: Scope) -> (function: ScalarFunction, columns: [TupleColumn])? {
        guard case .call(let name, _, _) = e.kind, scope.lets[name] == nil, let f = FunctionRegistry.scalarByName[name],
              let cols = f.columns else { return nil }
        return (f, cols)
    }

    /// Binds a tuple call (packed into one dynamic value) and the names of its columns.
    func bindTupleItem(_ item: Assignment, schema: Schema, scope: Scope) throws -> (BoundExpr, [TupleItem])? {
        if let sorted = try bindArraySortItem(item, schema: schema, scope: scope) { return sorted }
        guard let (f, cols) = tupleFunction(item.value, scope: scope), case .call(let name, let nameSpan, let args) = item.value.kind else {
            if item.names.count > 1 {
                throw fail(.invalidOperatorArgument, "the expression does not return several columns: use one name, Name = expr", item.nameSpan ?? item.value.span)
            }
            return nil
        }
        if item.names.count > cols.count {
            throw fail(.invalidOperatorArgument, "\(f.name)() returns \(cols.count) columns (\(cols.map(\.name).joined(separator: ", "))), but \(item.names.count) names are given",
                       item.nameSpan ?? item.value.span)
        }
        let bound = try bindCall(name, nameSpan: nameSpan, args: args, span: item.value.span, schema: schema, scope: scope, allowTuple: true)
        var argName = ""
        if let a = args.first, case .name(let n) = a.value.kind { argName = n }
        let items = cols.enumerated().map { (i, c) in
            i < item.names.count ? TupleItem(name: item.names[i], explicit: true, type: c.type, index: i)
                                 : TupleItem(name: "\(f.name)_\(argName)_\(c.name)", explicit: false, type: c.type, index: i)
        }
        return (bound, items)
    }

    /// `array_sort_asc/desc` of several arrays as a whole item: one column per array
    /// (`ArraySort.swift`); `(a, b) = array_sort_asc(x, y)` names them.
    private func bindArraySortItem(_ item: Assignment, schema: Schema, scope: Scope) throws -> (BoundExpr, [TupleItem])? {
        guard case .call(let name, let nameSpan, let args) = item.value.kind, scope.lets[name] == nil,
              name == "array_sort_asc" || name == "array_sort_desc", args.count >= 2,
              item.names.count != 1 else { return nil }   // one name keeps the value whole (the array of sorted arrays)
        let bound = try bindCall(name, nameSpan: nameSpan, args: args, span: item.value.span, schema: schema, scope: scope)
        var lastIsBool = false
        if case .call(_, let boundArgs) = bound { lastIsBool = boundArgs.last?.type == .bool }
        guard let names = arraySortColumns(name, args, lastIsBool: lastIsBool) else { return nil }
        if item.names.count > names.count {
            throw fail(.invalidOperatorArgument, "\(name)() returns \(names.count) columns here, but \(item.names.count) names are given", item.nameSpan ?? item.value.span)
        }
        let items = names.enumerated().map { i, n in
            i < item.names.count ? TupleItem(name: item.names[i], explicit: true, type: .dynamic, index: i)
                                 : TupleItem(name: n, explicit: false, type: .dynamic, index: i)
        }
        return (bound, items)
    }

    /// Element `i` of the packed result in column `packed`.
    func tupleColumnExpr(_ packed: Int, _ t: TupleItem) -> BoundExpr {
        let i = t.index, type = t.type
        let f = BoundFunction(name: "tuple_item_\(i)", resultType: type, kernel: .row { args in tupleElement(args[0], i, type) })
        return .call(f, [.column(index: packed, type: .dynamic)])
    }

    /// A name not in `taken`: `name`, `name1`, `name2`, … (Kusto's suffixes for default names).
    func uniqueName(_ name: String, _ taken: Set<String>) -> String {
        guard taken.contains(name) else { return name }
        var k = 1
        while taken.contains("\(name)\(k)") { k += 1 }
        return "\(name)\(k)"
    }

    /// `extend` of a tuple call: the packed value goes into a hidden column, then the columns come out of it.
    func extendTuple(_ bound: BoundExpr, _ items: [TupleItem], plan: LogicalPlan) -> LogicalPlan {
        let s = plan.schema
        let base = s.fields.enumerated().map { (name: $1.name, expr: BoundExpr.column(index: $0, type: $1.type)) }
        let hidden = "\u{1}tuple\(s.fields.count)"
        let packed = LogicalPlan.project(.init(input: plan, columns: base + [(hidden, bound)]))
        var cols = base
        var taken = Set(s.fields.map(\.name))
        for t in items {
            let e = tupleColumnExpr(base.count, t)
            if t.explicit, let i = cols.firstIndex(where: { $0.name == t.name }) { cols[i] = (t.name, e); continue }
            let name = t.explicit ? t.name : uniqueName(t.name, taken)
            taken.insert(name)
            cols.append((name, e))
        }
        return .project(.init(input: packed, columns: cols))
    }

    /// `project`/`print` items, some of them tuple calls: the packed values are computed next to the
    /// input's columns first, then the list is projected. `defaultName` names an unnamed ordinary item.
    func projectWithTuples(_ items: [Assignment], input: LogicalPlan, scope: Scope,
                           defaultName: (Int, Assignment, Schema, inout Int) -> String) throws -> LogicalPlan? {
        let schema = input.schema
        var tuples: [Int: (BoundExpr, [TupleItem])] = [:]
        for (i, item) in items.enumerated() {
            if let t = try bindTupleItem(item, schema: schema, scope: scope) { tuples[i] = t }
        }
        guard !tuples.isEmpty else { return nil }
        let base = schema.fields.enumerated().map { (name: $1.name, expr: BoundExpr.column(index: $0, type: $1.type)) }
        var extra: [(name: String, expr: BoundExpr)] = []
        var slot: [Int: Int] = [:]
        for (i, t) in tuples.sorted(by: { $0.key < $1.key }) {
            slot[i] = base.count + extra.count
            extra.append(("\u{1}tuple\(base.count + extra.count)", t.0))
        }
        let packed = LogicalPlan.project(.init(input: input, columns: base + extra))
        var cols: [(name: String, expr: BoundExpr)] = []
        var counter = 0
        for (i, item) in items.enumerated() {
            if let (_, ts) = tuples[i], let at = slot[i] {
                for t in ts { cols.append((t.name, tupleColumnExpr(at, t))) }
                continue
            }
            if case .name(let n) = item.value.kind, n.contains("*"), item.names.isEmpty {
                for (j, f) in schema.fields.enumerated() where wildcardMatch(n, f.name) { cols.append((f.name, .column(index: j, type: f.type))) }
                continue
            }
            let bound = try bindScalar(item.value, schema: schema, scope: scope)
            cols.append((defaultName(i, item, schema, &counter), bound))
        }
        return .project(.init(input: packed, columns: uniquify(cols)))
    }
}
