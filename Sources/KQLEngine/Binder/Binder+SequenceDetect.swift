import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate sequence_detect(TimelineColumn, MaxSequenceStepWindow, MaxSequenceSpan, Expr1, Expr2, ..., Dim1, Dim2, ...)`
    /// (sequence-detect-plugin.md). The step predicates are the bool arguments after the two
    /// windows (named `name=expr` or not); the dimensions follow and must be column names (Kusto's
    /// binder: "Column name expected"). Output, as Kusto's binder gives it: the dimensions, one
    /// `<name>_<TimelineColumn>` datetime per step (an unnamed step over a bare column `B` is
    /// `B_<Timeline>`, any other unnamed step `_<Timeline>`; repeated names take a numeric suffix
    /// where Kusto's binder would repeat them), then `Duration` (timespan). The predicates and
    /// dimensions are computed by a `Project` under the plugin node; see `SequenceDetect`.
    func bindSequenceDetect(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let usage = "sequence_detect expects (TimelineColumn, MaxSequenceStepWindow, MaxSequenceSpan, Predicate, ..., Dimension, ...)"
        guard args.count >= 4 else { throw fail(.invalidOperatorArgument, usage, nameSpan) }
        let schema = input.schema
        for a in args.prefix(3) where a.name != nil {
            throw fail(.invalidOperatorArgument, "sequence_detect: '\(a.name ?? "")' cannot be named here; \(usage)", a.value.span)
        }
        guard case .name(let timeline) = args[0].value.kind, let timeIndex = schema.index(of: timeline) else {
            throw fail(.invalidOperatorArgument, "sequence_detect: the timeline must be a column of the input", args[0].value.span)
        }
        guard schema.fields[timeIndex].type == .datetime else {
            throw fail(.invalidOperatorArgument, "sequence_detect: the timeline column must be a datetime, not \(schema.fields[timeIndex].type)", args[0].value.span)
        }
        func window(_ a: Argument, _ what: String) throws -> Int64 {
            guard case .timespan(let t) = try constant(a.value, scope: scope), t >= 0 else {
                throw fail(.invalidOperatorArgument, "sequence_detect: \(what) must be a constant non-negative timespan", a.value.span)
            }
            return t
        }
        let stepWindow = try window(args[1], "MaxSequenceStepWindow")
        let span = try window(args[2], "MaxSequenceSpan")

        var columns: [(name: String, expr: BoundExpr)] = [(timeline, .column(index: timeIndex, type: .datetime))]
        var stepNames: [String] = []
        var dims: [Field] = []
        for a in args.dropFirst(3) {
            let b = try bindScalar(a.value, schema: schema, scope: scope)
            if dims.isEmpty && b.type == .bool {
                var name = a.name ?? ""
                if a.name == nil, case .name(let n) = a.value.kind { name = n }
                stepNames.append("\(name)_\(timeline)")
                columns.append((name, b))
            } else {
                guard a.name == nil, case .name(let n) = a.value.kind, let i = schema.index(of: n) else {
                    throw fail(.invalidOperatorArgument, "sequence_detect: a dimension must be a column name (the step predicates, bool expressions, come before the dimensions)", a.value.span)
                }
                dims.append(schema.fields[i])
                columns.append((n, .column(index: i, type: schema.fields[i].type)))
            }
        }
        guard !stepNames.isEmpty else { throw fail(.invalidOperatorArgument, "sequence_detect needs at least one step predicate (a bool expression); \(usage)", nameSpan) }
        var used = Set(dims.map(\.name))
        let stepFields = stepNames.map { n -> Field in
            var name = n, k = 1
            while used.contains(name) { name = "\(n)\(k)"; k += 1 }
            used.insert(name)
            return Field(name, .datetime)
        }
        var duration = "Duration", k = 1
        while used.contains(duration) { duration = "Duration\(k)"; k += 1 }
        let out = Schema(dims + stepFields + [Field(duration, .timespan)])
        let projected = LogicalPlan.project(.init(input: input, columns: columns))
        let plugin = SequenceDetect(steps: stepNames.count, dimensions: dims.count, stepWindow: stepWindow, span: span,
                                    schema: out, nameSpan: nameSpan)
        return .tablePlugin(.init(input: projected, plugin: plugin))
    }
}
