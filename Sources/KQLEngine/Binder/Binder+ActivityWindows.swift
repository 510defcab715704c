import KQLColumns
import KQLSyntax

/// The arguments the activity plugins share — `(IdColumn, TimelineColumn, Start, End, …,
/// Bin, dim1, …)` — bound: the input projected to (id, timeline, dimensions), and the bins from
/// Start to End in the timeline's units (ticks for a datetime timeline).
struct ActivityWindows {
    var projected: LogicalPlan
    /// The timeline and dimension fields, for the output schema.
    var timeline: Field
    var dimensions: [Field]
    var bins: ActivityBins
}

extension Binder {
    /// Binds `args[0]` (IdColumn), `args[1]` (TimelineColumn), `args[2]` (Start), `args[3]` (End),
    /// the bin at `binArg`, and the dimension columns from `dimsFrom`. Start and End are of the
    /// timeline's type; the bin of its step type (timespan for a datetime timeline, a number for a
    /// number). Calendar bins (`'week'`, `'month'`, `'year'`) are not supported yet (an error).
    func bindActivityWindows(_ plugin: String, usage: String, args: [Argument], binArg: Int, dimsFrom: Int,
                             nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> ActivityWindows {
        guard args.count >= dimsFrom else { throw fail(.invalidOperatorArgument, usage, nameSpan) }
        for a in args where a.name != nil {
            throw fail(.invalidOperatorArgument, "\(plugin): '\(a.name ?? "")' cannot be named here; \(usage)", a.value.span)
        }
        let schema = input.schema
        func column(_ a: Argument, _ what: String) throws -> Int {
            guard case .name(let n) = a.value.kind, let i = schema.index(of: n) else {
                throw fail(.invalidOperatorArgument, "\(plugin): \(what) must be a column of the input", a.value.span)
            }
            return i
        }
        let id = try column(args[0], "IdColumn"), time = try column(args[1], "TimelineColumn")
        let timeType = schema.fields[time].type
        guard timeType == .datetime || timeType.isNumeric else {
            throw fail(.invalidOperatorArgument, "\(plugin): the timeline must be a datetime or a number, not \(timeType)", args[1].value.span)
        }
        let bin = try constant(args[binArg].value, scope: scope)
        if case .string = bin {
            throw fail(.unsupportedOperatorForm, "\(plugin): calendar bins ('week', 'month', 'year') are not supported yet; give a \(timeType == .datetime ? "timespan" : "number")", args[binArg].value.span)
        }
        var s = try activityPoint(plugin, args[2], timeType, scope), e = try activityPoint(plugin, args[3], timeType, scope)
        // A datetime timeline counts from Start's exact ticks (see ActivityBins.origin).
        var origin: Int64 = 0
        if case .datetime(let a) = try constant(args[2].value, scope: scope), case .datetime(let b) = try constant(args[3].value, scope: scope) {
            origin = a
            s = 0
            e = Double(b.subtractingReportingOverflow(a).partialValue)
        }
        let size = try activityStep(plugin, args[binArg], "the bin", timeType, scope)
        let count = e >= s ? ((e - s) / size).rounded(.down) + 1 : 0
        guard count <= Double(ActivityBins.maxBins) else {
            throw fail(.invalidOperatorArgument, "\(plugin): Start to End is more than \(ActivityBins.maxBins) bins", args[binArg].value.span)
        }
        let dims = try args.dropFirst(dimsFrom).map { try column($0, "a dimension") }
        let columns = ([id, time] + dims).map { (name: schema.fields[$0].name, expr: BoundExpr.column(index: $0, type: schema.fields[$0].type)) }
        return ActivityWindows(projected: .project(.init(input: input, columns: columns)), timeline: schema.fields[time],
                               dimensions: dims.map { schema.fields[$0] },
                               bins: ActivityBins(start: s, size: size, count: Int(count), timeType: timeType, origin: origin))
    }

    /// A Start or End argument, in the timeline's units.
    func activityPoint(_ plugin: String, _ a: Argument, _ timeType: KQLType, _ scope: Scope) throws -> Double {
        let v = try constant(a.value, scope: scope)
        switch (timeType, v) {
        case (.datetime, .datetime(let t)): return Double(t)
        case (.long, _), (.int, _), (.real, _):
            if let x = numericDouble(v), x.isFinite { return x }
        default: break
        }
        throw fail(.invalidOperatorArgument, "\(plugin): Start and End must be of the timeline's type (\(timeType))", a.value.span)
    }

    /// A positive step argument (a bin or a window), in the timeline's units.
    func activityStep(_ plugin: String, _ a: Argument, _ what: String, _ timeType: KQLType, _ scope: Scope) throws -> Double {
        let v = try constant(a.value, scope: scope)
        switch (timeType, v) {
        case (.datetime, .timespan(let t)) where t > 0: return Double(t)
        case (.long, _), (.int, _), (.real, _):
            if let x = numericDouble(v), x.isFinite, x > 0 { return x }
        default: break
        }
        throw fail(.invalidOperatorArgument, "\(plugin): \(what) must be a positive \(timeType == .datetime ? "timespan" : "number")", a.value.span)
    }
}
