import KQLColumns
import KQLSyntax

/// Argument handling shared by basket, autocluster and diffpatterns: positional arguments where
/// the string `~` means "the default", a weight column, and custom wildcards.
extension Binder {
    /// Whether an argument is the tilde that asks for a parameter's default.
    func isTilde(_ a: Argument) -> Bool {
        if case .literal(.string(let s)) = a.value.kind, s == "~" { return true }
        return false
    }

    /// An optional numeric constant within `range`, or nil for `~`.
    func patternNumber(_ a: Argument?, plugin: String, what: String, range: ClosedRange<Double>, scope: Scope) throws -> Double? {
        guard let a, !isTilde(a) else { return nil }
        let v = try constant(a.value, scope: scope)
        guard v.type.isNumeric, let x = numericDouble(v), range.contains(x) else {
            throw fail(.invalidOperatorArgument, "\(plugin): \(what) must be a number from \(formatReal(range.lowerBound)) to \(formatReal(range.upperBound)) (or '~' for its default)", a.value.span)
        }
        return x
    }

    /// An optional positive integer constant, or nil for `~`.
    func patternCount(_ a: Argument?, plugin: String, what: String, scope: Scope) throws -> Int? {
        guard let a, !isTilde(a) else { return nil }
        guard let x = integerValue(try constant(a.value, scope: scope)), x >= 1, x <= 1_000 else {
            throw fail(.invalidOperatorArgument, "\(plugin): \(what) must be an integer from 1 to 1000 (or '~' for its default)", a.value.span)
        }
        return Int(x)
    }

    /// The dimensions, weight column and wildcards of a pattern plugin. `weightArg` names a numeric
    /// column (or is `~`); each wildcard argument is a constant whose type picks the columns it
    /// stands for (`'*'` for string columns, `int(-1)` for int ones; `~` keeps the default: "" for
    /// strings, null otherwise). Dynamic columns are not dimensions (always the wildcard).
    func patternColumns(input: LogicalPlan, weightArg: Argument?, wildcardArgs: ArraySlice<Argument>, exclude: Int?,
                        plugin: String, scope: Scope) throws -> PatternColumns {
        let fields = input.schema.fields
        var weight: Int?
        if let a = weightArg, !isTilde(a) {
            guard case .name(let n) = a.value.kind, let i = input.schema.index(of: n) else {
                throw fail(.invalidOperatorArgument, "\(plugin): WeightColumn must be a column of the input (or '~')", a.value.span)
            }
            guard [.int, .long, .real].contains(fields[i].type) else {
                throw fail(.invalidOperatorArgument, "\(plugin): WeightColumn must be numeric, not \(fields[i].type)", a.value.span)
            }
            weight = i
        }
        var custom: [KQLType: Value] = [:]
        for a in wildcardArgs where !isTilde(a) {
            let v = try constant(a.value, scope: scope)
            guard !v.isNull, v.type != .dynamic else {
                throw fail(.invalidOperatorArgument, "\(plugin): a custom wildcard must be a non-null scalar constant", a.value.span)
            }
            custom[v.type] = v
        }
        var wildcards: [Value] = []
        for f in fields {
            wildcards.append(custom[f.type] ?? (f.type == .string ? .string("") : .null(f.type)))
        }
        let dims = fields.indices.filter { $0 != weight && $0 != exclude && fields[$0].type != .dynamic }
        let shown = fields.indices.filter { $0 != exclude }
        return PatternColumns(dimensions: dims, weight: weight, wildcards: wildcards, shown: shown)
    }
}
