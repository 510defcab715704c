import KQLColumns
import KQLSyntax

extension Binder {
    func bindCall(_ name: String, nameSpan: Span, args: [Argument], span: Span, schema: Schema, scope: Scope, allowTuple: Bool = false) throws -> BoundExpr {
        if case .function(_, let params, let body, let fscope)? = scope.lets[name] {
            let inner = try functionScope(name: name, params: params, args: args, callSpan: span, outer: scope, fscope: fscope, schema: schema)
            return try expand(name, at: span) { try bindFunctionBodyScalar(body, scope: inner, schema: schema) }
        }
        if let d = recursionError(name, nameSpan) { throw d }
        if name == "toscalar" {
            guard args.count == 1 else { throw fail(.argumentCount, "toscalar() takes one argument", nameSpan) }
            let a = args[0].value
            if isTabular(a, scope: scope) {
                // Bound as a plan; the executor runs it once, before the operator that uses it.
                let plan = try bindTabular(a, scope: scope)
                guard let first = plan.schema.fields.first else { throw fail(.noColumns, "toscalar(): the table has no columns", a.span) }
                return .scalarSubquery(Subquery(id: newPlanId(), plan: plan), type: first.type)
            }
            return try bindScalar(a, schema: schema, scope: scope)
        }
        // column_ifexists/columnifexists resolve against the input schema (Binder+ColumnIfExists.swift).
        if let e = try bindColumnIfExists(name, nameSpan: nameSpan, args: args, schema: schema, scope: scope) { return e }
        if let e = try bindPackAll(name, nameSpan: nameSpan, args: args, schema: schema, scope: scope) { return e }
        if let e = try bindSchemaFunction(name, nameSpan: nameSpan, args: args, schema: schema, scope: scope) { return e }   // Binder+SchemaFunctions.swift
        if name == "ingestion_time" { return try bindIngestionTime(args: args, nameSpan: nameSpan, schema: schema) }
        if name == "bin_auto" && scope.lets[name] == nil {
            // bin_at(value, query_bin_auto_size, query_bin_auto_at), the sizes set by `set`
            // statements before the query (bin-auto-function.md); the fixed point defaults to 0.
            guard args.count == 1 else { throw fail(.argumentCount, "bin_auto() takes one argument", nameSpan) }
            guard let size = properties.binAutoSize else {
                throw fail(.invalidOperatorArgument, "bin_auto() needs the bin size: add 'set query_bin_auto_size=1h;' (and optionally query_bin_auto_at) before the query", nameSpan)
            }
            var inner = scope
            let at: Value
            if let a = properties.binAutoAt {
                at = a
            } else {
                at = size.type == .timespan ? .timespan(0) : .long(0)
            }
            let value = try bindScalar(args[0].value, schema: schema, scope: scope)
            let fixed: Value = value.type == .datetime && at.type == .timespan ? .datetime(0) : at
            inner.lets.bind("\u{1}bin_auto_size", .scalar(.constant(size)), depth: 0)
            inner.lets.bind("\u{1}bin_auto_at", .scalar(.constant(fixed)), depth: 0)
            let call = [args[0], Argument(name: nil, Expr(.name("\u{1}bin_auto_size"), nameSpan)), Argument(name: nil, Expr(.name("\u{1}bin_auto_at"), nameSpan))]
            return try bindCall("bin_at", nameSpan: nameSpan, args: call, span: span, schema: schema, scope: inner)
        }
        // hll_merge, tdigest_merge and merge_tdigest are both: the scalar form outside summarize.
        if (FunctionRegistry.aggregateByName[name] != nil && FunctionRegistry.scalarByName[name] == nil)
            || ["percentiles", "percentilesw"].contains(name) {   // Binder+Percentiles.swift
            throw fail(.aggregateContext, "aggregate function '\(name)' can only be used in summarize", nameSpan)
        }
        guard let f = FunctionRegistry.scalarByName[name] else {
            if KnownKustoFunctions.aggregates.contains(name) {
                throw fail(.unsupportedFunction, "aggregate function '\(name)' is not supported yet", nameSpan)
            }
            if let why = ClusterOnlyFunctions.message(name) { throw fail(.unsupportedFunction, why, nameSpan) }
            if KnownKustoFunctions.names.contains(name) {
                throw fail(.unsupportedFunction, "function '\(name)' is not supported yet", nameSpan)
            }
            throw fail(.unknownFunction, "unknown function '\(name)'", nameSpan).helping(functionHelp(name, scope: scope))
        }
        if let d = Resolver.arityError(name, f.overloads, count: args.count, nameSpan: nameSpan) { throw d }
        if f.columns != nil && !allowTuple {
            // Kusto defines no operator or function on its multi-column result (Binder+TupleFunctions.swift).
            throw fail(.argumentType, "\(name)() returns several columns: use it as a whole extend or project item, e.g. extend (a, b) = \(name)(...)", nameSpan)
        }
        var bound: [BoundExpr] = []
        var typeNames: [String?] = []
        for a in args {
            // `typeof(long)` and bare type names as arguments (extract(..., typeof(long))).
            if case .call("typeof", _, let inner) = a.value.kind, inner.count == 1, case .name(let tn) = inner[0].value.kind {
                guard let t = KQLType(name: tn) else { throw fail(.unknownType, "unknown type '\(tn)'", inner[0].value.span) }
                typeNames.append(t.rawValue)
                bound.append(.constant(.string(t.rawValue)))
                continue
            }
            typeNames.append(nil)
            bound.append(try bindScalar(a.value, schema: schema, scope: scope))
        }
        let resolution = try Resolver.resolve(name, f.overloads, types: bound.map(\.type), argSpans: args.map(\.value.span), nameSpan: nameSpan)
        // A decimal taken by a real parameter is converted first, so kernels see reals only.
        for i in bound.indices where bound[i].type == .decimal && resolution.argTypes.indices.contains(i) && resolution.argTypes[i] == .real {
            bound[i] = .call(decimalToReal, [bound[i]])
        }
        var site = CallSite(types: bound.map(\.type), constants: bound.map(\.constantValue), argSpans: args.map(\.value.span),
                            nameSpan: nameSpan, typeNames: typeNames, session: session)
        site.warn = { [unowned self] in self.warnOnce($0) }
        site.resolution = resolution
        var bf = try f.bind(site)
        bf.volatility = f.volatility
        return .call(bf, bound)
    }

    func bindFunctionBodyScalar(_ body: Query, scope: Scope, schema: Schema) throws -> BoundExpr {
        var s = scope
        var result: BoundExpr?
        for st in body.statements {
            switch st.kind {
            case .let(let n, let ns, let v):
                let (value, depth) = try measured { try bindLetValueInner(v, scope: s, nameSpan: ns) }
                s.lets.bind(n, value, depth: depth)
            case .letFunction(let n, _, let ps, let b): s.lets[n] = .function(name: n, parameters: ps, body: b, scope: s)
            case .expression(let x): result = try bindScalar(x, schema: schema, scope: s)
            default: throw fail(.unsupportedStatement, "this statement is not supported inside a function body", st.span)
            }
        }
        guard let result else { throw fail(.missingResult, "function body has no result expression", body.span) }
        return result
    }
}

/// decimal → real, for a decimal argument of a real parameter (Resolver's promotion).
private let decimalToReal = BoundFunction(name: "toreal", resultType: .real, kernel: .row({ values in
    numericDouble(values[0]).map(Value.real) ?? .null(.real)
}))
