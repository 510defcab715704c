import KQLColumns
import KQLSyntax

extension Binder {
    /// `scan [with_match_id=Id] [declare (Name:type [= default], ...)] with (step ...; ...)`
    /// (scan-operator.md). The input must be serialized (the doc's "serialized input"); a step's
    /// condition and assignments see the record's columns (a declared column holds its default)
    /// and `Step.Column`, the state's value of that step. The assignments of a step are all
    /// computed from the record before any is applied (the doc is silent; our reading).
    func bindScanOperator(matchId: String?, declare: [TypedName], steps: [ScanStep],
                          input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        guard input.isSerialized else {
            throw fail(.unorderedRows, "scan needs rows in a defined order: add '| serialize' or '| sort by' before it", op.keywordSpan)
        }
        var fields = input.schema.fields
        var defaults: [Value] = []
        for d in declare {
            guard let type = KQLType(name: d.type) else { throw fail(.unknownType, "unknown type '\(d.type)'", d.span) }
            if fields.contains(where: { $0.name == d.name }) {
                throw fail(.invalidOperatorArgument, "scan declares '\(d.name)', which is already a column", d.span)
            }
            var value = Value.null(type)
            if let e = d.defaultValue {
                let b = try bindScalar(e, schema: Schema([]), scope: scope)
                guard case .constant(let v) = b else {
                    throw fail(.nonConstantValue, "scan's default for '\(d.name)' must be a constant", e.span)
                }
                guard v.type == type || v.isNull || (type == .long && v.type == .int) || (type == .real && (v.type == .int || v.type == .long)) else {
                    throw fail(.argumentType, "scan's default for '\(d.name)' must be a \(type), not \(v.type)", e.span)
                }
                value = coerce(v, to: type)
            }
            fields.append(Field(d.name, type))
            defaults.append(value)
        }
        if let m = matchId, fields.contains(where: { $0.name == m }) {
            throw fail(.invalidOperatorArgument, "scan's with_match_id '\(m)' is already a column", op.keywordSpan)
        }
        var names = Set<String>()
        for s in steps where !names.insert(s.name).inserted {
            throw fail(.invalidOperatorArgument, "scan has two steps named '\(s.name)'", s.nameSpan)
        }
        var exprFields = fields
        for s in steps { exprFields += fields.map { Field("\(s.name).\($0.name)", $0.type) } }
        let exprSchema = Schema(exprFields)
        var bound: [LogicalPlan.ScanOperator.Step] = []
        for s in steps {
            var output = LogicalPlan.ScanOperator.Output.all
            if let o = s.output {
                guard let v = LogicalPlan.ScanOperator.Output(rawValue: o) else {
                    throw fail(.invalidOperatorArgument, "scan's step output must be all, last or none", s.outputSpan ?? s.nameSpan)
                }
                output = v
            }
            let cond = try bindScalar(stepReferences(s.condition, names), schema: exprSchema, scope: scope)
            guard cond.type == .bool else {
                throw fail(.predicateNotBool, "scan's step condition must be a bool, not \(cond.type)", s.condition.span)
            }
            var assignments: [(column: Int, value: BoundExpr)] = []
            for a in s.assignments {
                guard a.names.count == 1, let i = fields.firstIndex(where: { $0.name == a.names[0] }) else {
                    throw fail(.unknownName, "scan's step assigns a column of the input or a declared one: Name = expression", a.nameSpan ?? a.value.span)
                }
                let v = try bindScalar(stepReferences(a.value, names), schema: exprSchema, scope: scope)
                let t = fields[i].type
                guard v.type == t || (t == .long && v.type == .int) || (t == .real && (v.type == .int || v.type == .long)) else {
                    throw fail(.argumentType, "scan assigns a \(v.type) to '\(fields[i].name)', a \(t) column", a.value.span)
                }
                assignments.append((i, v))
            }
            bound.append(.init(name: s.name, output: output, condition: cond, assignments: assignments))
        }
        return .scanOperator(.init(input: input, defaults: defaults, steps: bound, rowFields: fields, matchId: matchId))
    }

    /// `Step.Column` (a member of a step's name) as the name `"Step.Column"` of the bound schema.
    private func stepReferences(_ e: Expr, _ steps: Set<String>) -> Expr {
        func go(_ e: Expr) -> Expr {
            var e = e
            switch e.kind {
            case .member(let x, let col):
                if case .name(let s) = x.kind, steps.contains(s) { e.kind = .name("\(s).\(col)") }
                else { e.kind = .member(go(x), col) }
            case .call(let n, let ns, let args):
                e.kind = .call(name: n, nameSpan: ns, args: args.map { Argument(name: $0.name, go($0.value)) })
            case .unary(let o, let x): e.kind = .unary(o, go(x))
            case .binary(let o, let a, let b): e.kind = .binary(o, go(a), go(b))
            case .between(let x, let lo, let hi, let neg): e.kind = .between(go(x), low: go(lo), high: go(hi), negated: neg)
            case .list(let o, let x, let items): e.kind = .list(o, go(x), items.map(go))
            case .index(let a, let b): e.kind = .index(go(a), go(b))
            case .paren(let x): e.kind = .paren(go(x))
            default: break
            }
            return e
        }
        return go(e)
    }
}
