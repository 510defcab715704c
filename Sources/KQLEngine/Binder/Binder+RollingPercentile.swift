import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate rolling_percentile(ValueColumn, Percentile, IndexColumn, BinSize, BinsPerWindow [, dim...])`
    /// (rolling-percentile-plugin.md): one row per bin of IndexColumn present in the data (per
    /// combination of the dimensions), holding the percentile of ValueColumn over the window of
    /// BinsPerWindow bins that ends at that bin, inclusive. Output: IndexColumn (the bin), the
    /// dimensions, then `rolling_<BinsPerWindow>_percentile_<ValueColumn>_<Percentile>` typed as the
    /// value column (an int one as long), as Kusto's binder names and types it. The percentile is
    /// percentile()'s exact nearest rank (Kusto estimates it). The result depends on the input's rows,
    /// so the input is probed (run by the session, as for pivot) and the plugin's rows are computed here.
    func bindRollingPercentile(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let usage = "rolling_percentile expects (ValueColumn, Percentile, IndexColumn, BinSize, BinsPerWindow [, Dimension, ...])"
        guard args.count >= 5 else { throw fail(.invalidOperatorArgument, usage, nameSpan) }
        for a in args where a.name != nil { throw fail(.invalidOperatorArgument, "rolling_percentile takes no named arguments", a.value.span) }
        let fields = input.schema.fields
        func column(_ a: Argument, _ what: String) throws -> Int {
            guard case .name(let n) = a.value.kind, let i = input.schema.index(of: n) else {
                throw fail(.invalidOperatorArgument, "rolling_percentile: \(what) must be a column of the input", a.value.span)
            }
            return i
        }
        let valueIndex = try column(args[0], "the value")
        let valueType = fields[valueIndex].type
        guard [.int, .long, .real, .datetime, .timespan].contains(valueType) else {
            throw fail(.invalidOperatorArgument, "rolling_percentile: the value column must be numeric, datetime or timespan, not \(valueType)", args[0].value.span)
        }
        let pct = try constant(args[1].value, scope: scope)
        guard pct.type.isNumeric, let p = numericDouble(pct), p >= 0, p <= 100 else {
            throw fail(.invalidOperatorArgument, "rolling_percentile: the percentile must be a constant number from 0 to 100", args[1].value.span)
        }
        let indexIndex = try column(args[2], "the index")
        let indexType = fields[indexIndex].type
        let size = try constant(args[3].value, scope: scope)
        let sizeOK: Bool
        switch (indexType, size) {
        case (.datetime, .timespan(let s)), (.timespan, .timespan(let s)): sizeOK = s > 0
        case (.int, _), (.long, _), (.real, _): sizeOK = size.type.isNumeric && (numericDouble(size) ?? 0) > 0
        default: sizeOK = false
        }
        guard sizeOK else {
            throw fail(.invalidOperatorArgument, "rolling_percentile: the bin size must be a positive constant of the index column's kind (a timespan for a \(indexType) index)", args[3].value.span)
        }
        guard let count = integerValue(try constant(args[4].value, scope: scope)), count >= 1, count <= 100_000 else {
            throw fail(.invalidOperatorArgument, "rolling_percentile: BinsPerWindow must be a constant from 1 to 100000", args[4].value.span)
        }
        let dims = try args.dropFirst(5).map { try column($0, "a dimension") }
        let resultType: KQLType = valueType == .int ? .long : valueType
        let name = "rolling_\(count)_percentile_\(fields[valueIndex].name)_\(kqlString(pct))"
        let schema = Schema([fields[indexIndex]] + dims.map { fields[$0] } + [Field(name, resultType)])

        let table = try probedInput(input, span: nameSpan, plugin: "rolling_percentile")
        // The bin's number (its position on the axis, in bins), so a window is a range of numbers.
        func binNumber(_ b: Value) -> Int64? {
            switch (b, size) {
            case (.datetime(let t), .timespan(let s)), (.timespan(let t), .timespan(let s)): return t / s
            default:
                guard let x = numericDouble(b), let s = numericDouble(size) else { return nil }
                return int64Truncating((x / s).rounded())
            }
        }
        var groupOrder: [[Value]] = []
        var groups: [[Value]: [Int64: (bin: Value, values: [Value])]] = [:]
        for row in table.rows() {
            let bin = binValue(row[indexIndex], size)
            guard !bin.isNull, let k = binNumber(bin) else { continue }
            let key = dims.map { row[$0] }
            if groups[key] == nil { groupOrder.append(key); groups[key] = [:] }
            groups[key]![k, default: (bin, [])].values.append(row[valueIndex])
        }
        var rows: [[Value]] = []
        for key in groupOrder {
            guard let bins = groups[key] else { continue }
            for k in bins.keys.sorted() {
                guard let entry = bins[k] else { continue }
                let acc = PercentileAccumulator(p: p, type: resultType)
                if count <= Int64(bins.count) {
                    for j in stride(from: k - count + 1, through: k, by: 1) { for v in bins[j]?.values ?? [] { acc.add([v]) } }
                } else {
                    for (j, e) in bins where j > k - count && j <= k { for v in e.values { acc.add([v]) } }
                }
                rows.append([entry.bin] + key + [coerce(acc.result(), to: resultType)])
            }
        }
        return .values(.init(table: Table.fromRows(schema: schema, rows: rows)))
    }
}
