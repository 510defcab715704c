import Foundation
import KQLColumns
import KQLSyntax

extension Binder {
    /// `summarize aggregates by keys`: the keys and aggregate calls bound over the input; when an
    /// aggregate sits inside an expression, a project over the summarize computes it.
    func bindSummarize(input: LogicalPlan, aggregates: [Assignment], by: [Assignment], scope: Scope) throws -> LogicalPlan {
        let schema = input.schema
        let aggregates = try expandPercentiles(aggregates, schema: schema, scope: scope)
        var keys: [(name: String, expr: BoundExpr)] = []
        // Names as Kusto gives them (ColumnNaming.swift): `bin(T, 1h)` → T, `tolower(x)` → ColumnN;
        // duplicates become `T1`, `T2`.
        var usedNames = UniqueNames()
        for k in by {
            let b = try bindScalar(k.value, schema: schema, scope: scope)
            let n = k.names.first ?? resultName(k.value, row: schema) ?? defaultColumnName(scope: scope)
            keys.append((usedNames.take(n), b))
        }
        var aggs: [BoundAggregate] = []
        func unique(_ n: String) -> String { usedNames.take(n) }
        // `x = count() * 2`, `dcount(a) + dcount(b)`: each aggregate call inside an expression
        // becomes a hidden aggregate column; a projection after the summarize computes the rest.
        var direct: [Assignment] = []
        var outputs: [(name: String?, expr: Expr?, hidden: String?)] = []
        var hiddenCount = 0
        // The hidden columns, tracked by name (not recognised by a prefix): a name no output of this
        // summarize takes, so a user's own `__agg1 = count()` keeps its name and is not hidden.
        var hiddenNames = Set<String>()
        let explicitNames = Set(aggregates.flatMap(\.names))
        func isAggregateCall(_ e: Expr) -> Bool {
            if case .call(let n, _, _) = e.kind { return FunctionRegistry.aggregateByName[n] != nil }
            return false
        }
        func lift(_ e: Expr) -> Expr {
            if isAggregateCall(e) {
                var hidden: String
                repeat { hiddenCount += 1; hidden = "__agg\(hiddenCount)" } while explicitNames.contains(hidden) || usedNames.contains(hidden)
                hiddenNames.insert(hidden)
                direct.append(Assignment(names: [hidden], e))
                return Expr(.name(hidden), e.span)
            }
            var out = e
            switch e.kind {
            case .binary(let op, let l, let r): out.kind = .binary(op, lift(l), lift(r))
            case .unary(let op, let x): out.kind = .unary(op, lift(x))
            case .paren(let x): out.kind = .paren(lift(x))
            case .call(let n, let ns, let args): out.kind = .call(name: n, nameSpan: ns, args: args.map { Argument(name: $0.name, lift($0.value)) })
            case .member(let b, let m): out.kind = .member(lift(b), m)
            case .index(let b, let i): out.kind = .index(lift(b), lift(i))
            case .between(let x, let lo, let hi, let n): out.kind = .between(lift(x), low: lift(lo), high: lift(hi), negated: n)
            default: break
            }
            return out
        }
        for a in aggregates {
            if isAggregateCall(a.value) { direct.append(a); outputs.append((nil, nil, nil)); continue }
            let before = direct.count
            let rewritten = lift(a.value)
            guard direct.count > before else {
                // No aggregate Quarry knows: a Kusto aggregate not supported yet (`hll(x)`) or a
                // misspelt name is reported by name, at the call, by binding the expression.
                _ = try bindScalar(a.value, schema: schema, scope: scope)
                throw fail(.aggregateContext, "summarize needs an aggregate function here (e.g. count(), max(x))", a.value.span)
            }
            // An unnamed expression is named as Kusto names it: `tostring(make_set(x))` → set_x,
            // `toint(N = dcount(x))` → N, `sum(x) + 1` → ColumnN (given when the projection is built).
            let name = a.names.first ?? resultName(a.value, row: schema, aggregates: true)
            outputs.append((name, rewritten, nil))
        }
        let hasExpressions = outputs.contains { $0.expr != nil }
        for a in direct {
            guard case .call(let fname, let nameSpan, let args) = a.value.kind else {
                throw fail(.unsupportedAggregateForm, "summarize: only direct aggregate calls are supported yet (e.g. count(), max(x))", a.value.span)
            }
            guard let f = FunctionRegistry.aggregateByName[fname] else {
                if FunctionRegistry.scalarByName[fname] != nil {
                    throw fail(.unsupportedAggregateForm, "summarize: expressions over aggregates are not supported yet", a.value.span)
                }
                if KnownKustoFunctions.names.contains(fname) { throw fail(.unsupportedFunction, "aggregate function '\(fname)' is not supported yet", nameSpan) }
                throw fail(.unknownFunction, "unknown aggregate function '\(fname)'", nameSpan).helping(functionHelp(fname, scope: scope, aggregate: true))
            }
            // (take_any takes any number of expressions: bound below.)
            if !(f.name == "take_any" && args.count > 1),
               let d = Resolver.arityError(fname, f.overloads, count: args.count, nameSpan: nameSpan) { throw d }
            if f.name == "arg_max" || f.name == "arg_min" {
                aggs.append(try bindArgExtreme(f.name == "arg_max" ? .max : .min, args: args, names: a.names, nameSpan: nameSpan,
                                               schema: schema, scope: scope, keyNames: keys.map(\.name), unique: unique))
                continue
            }
            let isStar: (Argument) -> Bool = { if case .star = $0.value.kind { return true }; return false }
            if f.name == "take_any", args.count > 1 || args.contains(where: isStar) {
                // take_any(a, b, ...) / take_any(*): the values of one record of the group
                // (take-any-aggfunction.md). Each column is named as Kusto names it: `*` gives the
                // input columns but the by keys, a column keeps its name, `N = e` is N, another
                // expression its own name or any_argI; the deprecated any() prefixes all with any_.
                let prefix = fname == "any" ? "any_" : ""
                var fields: [Field] = [], carried: [BoundExpr] = []
                var added = Set<Int>()
                for (i, arg) in args.enumerated() {
                    if isStar(arg) {
                        for (j, fd) in schema.fields.enumerated() where !keys.contains(where: { $0.name == fd.name }) && !added.contains(j) {
                            added.insert(j)
                            carried.append(.column(index: j, type: fd.type))
                            fields.append(Field(unique(prefix + fd.name), fd.type))
                        }
                        continue
                    }
                    let b = try bindScalar(arg.value, schema: schema, scope: scope)
                    if case .column(let j, _) = b { added.insert(j) }
                    carried.append(b)
                    let n = resultName(arg, row: schema).flatMap { $0.isEmpty ? nil : $0 } ?? (fname == "any" ? "arg\(i)" : "any_arg\(i)")
                    fields.append(Field(unique(prefix + n), b.type))
                }
                let kind = BoundAggregateKind(resultType: .long, makeAccumulator: { ArgExtremeAccumulator(.any) })
                aggs.append(BoundAggregate(function: "take_any", args: [], kind: kind, outputFields: fields, carried: carried, argExtreme: .any))
                continue
            }
            var bargs: [BoundExpr] = []
            for arg in args {
                if case .star = arg.value.kind {
                    throw fail(.unsupportedStarArgument, "'*' as an argument of '\(fname)' is not supported yet", arg.value.span)
                }
                bargs.append(try bindScalar(arg.value, schema: schema, scope: scope))
            }
            var site = CallSite(types: bargs.map(\.type), constants: bargs.map(\.constantValue), argSpans: args.map(\.value.span),
                                nameSpan: nameSpan, typeNames: [], session: session)
            site.resolution = try Resolver.resolve(fname, f.overloads, types: site.types, argSpans: site.argSpans, nameSpan: nameSpan)
            let kind = try f.bind(site)
            let name = unique(a.names.first ?? aggregateResultName(fname, args) ?? defaultColumnName(scope: scope))
            aggs.append(BoundAggregate(function: f.name, args: bargs, kind: kind, outputFields: [Field(name, kind.resultType)]))
        }
        let summarized = LogicalPlan.summarize(.init(input: input, keys: keys, aggregates: aggs))
        guard hasExpressions else { return summarized }
        // Project: keys, then each original aggregate column or computed expression, in order.
        let s = summarized.schema
        var cols: [(name: String, expr: BoundExpr)] = keys.indices.map { (s.fields[$0].name, .column(index: $0, type: s.fields[$0].type)) }
        var nextDirect = keys.count
        for o in outputs {
            if let e = o.expr {
                let bound = try bindScalar(e, schema: s, scope: scope)
                let name = o.name ?? defaultColumnName(scope: scope)
                cols.append((name, bound))
            } else {
                // A direct aggregate may produce several columns (arg_max); skip hidden ones.
                while nextDirect < s.fields.count, hiddenNames.contains(s.fields[nextDirect].name) { nextDirect += 1 }
                let agg = aggs.first { $0.outputFields.first?.name == s.fields[nextDirect].name }
                let width = agg?.outputFields.count ?? 1
                for j in nextDirect..<(nextDirect + width) { cols.append((s.fields[j].name, .column(index: j, type: s.fields[j].type))) }
                nextDirect += width
            }
        }
        return .project(.init(input: summarized, columns: uniquify(cols)))
    }

    /// `arg_max(ExprToMaximize, *)` or `arg_max(Expr, Col1, Col2, ...)`: the extreme's row, carried columns.
    private func bindArgExtreme(_ which: ArgExtreme, args: [Argument], names: [String], nameSpan: Span, schema: Schema, scope: Scope,
                                keyNames: [String], unique: (String) -> String) throws -> BoundAggregate {
        let target = try bindScalar(args[0].value, schema: schema, scope: scope)
        var fields: [Field] = []
        var carried: [BoundExpr] = []
        let prefix = which == .max ? "max" : "min"
        let primaryName = resultName(args[0])
        let targetName = names.first ?? primaryName ?? "\(prefix)_"
        fields.append(Field(unique(targetName), target.type))
        for (i, arg) in args.dropFirst().enumerated() {
            if case .star = arg.value.kind {
                for (j, f) in schema.fields.enumerated() where !keyNames.contains(f.name) {
                    if case .column(let ti, _) = target, ti == j { continue }
                    carried.append(.column(index: j, type: f.type))
                    fields.append(Field(unique(f.name), f.type))
                }
                continue
            }
            let b = try bindScalar(arg.value, schema: schema, scope: scope)
            carried.append(b)
            // Kusto: an unnamed expression is `max_<first argument's name>_arg<position>`.
            let n = names.count > i + 1 ? names[i + 1] : (resultName(arg) ?? "\(prefix)_\(primaryName ?? "")_arg\(i + 1)")
            fields.append(Field(unique(n), b.type))
        }
        let kind = BoundAggregateKind(resultType: target.type, makeAccumulator: { ArgExtremeAccumulator(which) })
        return BoundAggregate(function: which == .max ? "arg_max" : "arg_min", args: [target], kind: kind, outputFields: fields, carried: carried, argExtreme: which)
    }
}
