import Foundation
import KQLColumns
import KQLSyntax
import KQLRegex

extension Binder {
    /// Binds a scalar expression against `schema` (the input columns) and the visible lets.
    func bindScalar(_ e: Expr, schema: Schema, scope: Scope) throws -> BoundExpr {
        try descend(e.span)
        defer { ascend() }
        let bound = try bindScalarUnfolded(e, schema: schema, scope: scope)
        return fold(bound)
    }

    /// Evaluates an expression with only constant inputs once, at bind time.
    func fold(_ b: BoundExpr) -> BoundExpr {
        switch b {
        case .constant, .column: return b
        default:
            guard allConstant(b) else { return b }
            let d = evaluate(b, Batch(columns: [], count: 1))
            return .constant(coerce(d.value(at: 0), to: b.type))
        }
    }

    private func allConstant(_ b: BoundExpr) -> Bool {
        switch b {
        case .constant: return true
        case .column: return false
        case .call(let f, let args): return f.volatility.foldable && args.allSatisfy(allConstant)
        case .compare(_, let l, let r), .arithmetic(_, let l, let r, _), .logical(_, let l, let r), .stringPredicate(_, let l, let r):
            return allConstant(l) && allConstant(r)
        case .negate(let x, _), .inSet(let x, _, _): return allConstant(x)
        case .between(let a, let b, let c, _): return allConstant(a) && allConstant(b) && allConstant(c)
        case .scalarSubquery, .listSubquery: return false   // known only when the query runs
        }
    }

    private func bindScalarUnfolded(_ e: Expr, schema: Schema, scope: Scope) throws -> BoundExpr {
        switch e.kind {
        case .literal(let lit):
            return .constant(try literalValue(lit, span: e.span))
        case .paren(let x):
            return try bindScalar(x, schema: schema, scope: scope)
        case .name(let n):
            if let i = schema.index(of: n) { return .column(index: i, type: schema.fields[i].type) }
            if let (b, depth) = scope.lets.lookup(n) {
                switch b {
                case .scalar(let v): try reach(depth, e.span); return v
                case .tabular: throw fail(.tabularScalarMismatch, "'\(n)' is a table; a scalar is expected here (use toscalar())", e.span)
                case .function: throw fail(.tabularScalarMismatch, "'\(n)' is a function; call it with ()", e.span)
                }
            }
            if session.tables[n] != nil { throw fail(.tabularScalarMismatch, "'\(n)' is a table; a scalar is expected here", e.span) }
            throw fail(.unknownName, "unknown name '\(n)': no such column, variable or function", e.span).helping(scalarNameHelp(n, schema: schema, scope: scope))
        case .star:
            throw fail(.starNotAllowed, "'*' is not allowed here", e.span)
        case .unary(let op, let x):
            let b = try bindScalar(x, schema: schema, scope: scope)
            guard b.type.isNumeric || b.type == .timespan || b.type == .decimal else { throw fail(.operandType, "unary '\(op.rawValue)' needs a number or timespan, not \(b.type)", e.span) }
            return op == .plus ? b : .negate(b, b.type == .int ? .long : b.type)   // Kusto widens -intColumn to long
        case .binary(let op, let l, let r):
            return try bindBinary(op, l, r, span: e.span, schema: schema, scope: scope)
        case .between(let x, let lo, let hi, let negated):
            let bx = try bindScalar(x, schema: schema, scope: scope)
            let bl = try bindScalar(lo, schema: schema, scope: scope), bh = try bindScalar(hi, schema: schema, scope: scope)
            for (b, ex) in [(bl, lo), (bh, hi)] where !comparable(bx.type, b.type) && !(bx.type == .datetime && b.type == .timespan && ex == hi) {
                throw fail(.incomparableTypes, "between: cannot compare \(bx.type) with \(b.type)", ex.span)
            }
            return .between(bx, bl, bh, negated: negated)
        case .list(let op, let x, let items):
            return try bindList(op, x, items, span: e.span, schema: schema, scope: scope)
        case .call(let name, let nameSpan, let args):
            return try bindCall(name, nameSpan: nameSpan, args: args, span: e.span, schema: schema, scope: scope)
        case .member(let base, let name):
            return try bindElement(base, .constant(.string(name)), span: e.span, schema: schema, scope: scope)
        case .index(let base, let key):
            let k = try bindScalar(key, schema: schema, scope: scope)
            guard k.type == .string || k.type == .long || k.type == .int || k.type == .dynamic else {
                throw fail(.operandType, "an index must be a string key or an integer, not \(k.type)", key.span)
            }
            return try bindElement(base, k, span: e.span, schema: schema, scope: scope)
        case .pipe, .source, .implicitInput:
            throw fail(.tabularScalarMismatch, "a tabular expression is not allowed here (use toscalar())", e.span)
        }
    }

    private func bindElement(_ base: Expr, _ key: BoundExpr, span: Span, schema: Schema, scope: Scope) throws -> BoundExpr {
        let b = try bindScalar(base, schema: schema, scope: scope)
        guard b.type == .dynamic || b.type == .string else {
            throw fail(.operandType, "member access needs a dynamic value, not \(b.type)", base.span)
        }
        return .call(memberAccessFunction, [b, key])
    }

    func comparable(_ a: KQLType, _ b: KQLType) -> Bool {
        if a == b { return true }
        if (a.isNumeric || a == .decimal) && (b.isNumeric || b == .decimal) { return true }
        if (a == .bool && b.isNumeric) || (b == .bool && a.isNumeric) { return true }
        if a == .dynamic || b == .dynamic { return true }
        return false
    }

    private func bindBinary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, span: Span, schema: Schema, scope: Scope) throws -> BoundExpr {
        if recovering && (op == .and || op == .or) {
            // check: an error on one side does not hide one on the other (Binder+Recovery.swift).
            return try bindLogicalRecovering(op == .and, l, r, schema: schema, scope: scope)
        }
        let bl = try bindScalar(l, schema: schema, scope: scope)
        let br = try bindScalar(r, schema: schema, scope: scope)
        func cmp(_ c: CompareOp) throws -> BoundExpr {
            // `ResultType == 0` on a string column, `EventID != "4624"` on a long one: Kusto accepts
            // equality across string and number (or bool), and published hunts rely on it; the
            // non-string side is compared as its string form (tostring()). Order comparisons
            // (<, >, …) across them stay errors, as in Kusto.
            if c == .eq || c == .ne, let (sl, sr) = stringEquality(bl, br) { return .compare(c, sl, sr) }
            guard comparable(bl.type, br.type) else {
                throw fail(.incomparableTypes, "cannot compare \(bl.type) with \(br.type) using '\(op.rawValue)'; add an explicit conversion such as tostring() or toint()", span)
            }
            return .compare(c, bl, br)
        }
        func arith(_ a: ArithmeticOp) throws -> BoundExpr {
            guard let t = arithmeticResultType(a, bl.type, br.type) else {
                throw fail(.operandType, "operator '\(op.rawValue)' is not defined for \(bl.type) and \(br.type)", span)
            }
            return .arithmetic(a, bl, br, t)
        }
        func logical(_ isAnd: Bool) throws -> BoundExpr {
            for (b, x) in [(bl, l), (br, r)] where b.type != .bool {
                throw fail(.operandType, "'\(op.rawValue)' needs bool operands, not \(b.type)", x.span)
            }
            return .logical(isAnd: isAnd, bl, br)
        }
        func str(_ kind: StringPredicate.Kind, cs: Bool, neg: Bool) throws -> BoundExpr {
            guard br.type == .string || br.type == .dynamic else {
                throw fail(.operandType, "'\(op.rawValue)' needs a string on its right, not \(br.type)", r.span)
            }
            if kind == .matchesRegex, case .constant(let v) = br {
                do { _ = try RegexCache.compiled(kqlString(v)) } catch let err as RegexSyntaxError {
                    if let src = session.source, let at = StringLiteralMap.sourceOffset(ofDecoded: err.offset, literalAt: r.span, in: src) {
                        throw fail(.invalidRegex, "invalid regular expression: \(err.message)", Span(at, at + 1))
                    }
                    throw fail(.invalidRegex, "invalid regular expression: \(err.message) (at offset \(err.offset) of the pattern)", r.span)
                } catch {
                    throw fail(.invalidRegex, "invalid regular expression", r.span)
                }
            }
            return .stringPredicate(StringPredicate(kind: kind, caseSensitive: cs, negated: neg), bl, br)
        }
        switch op {
        case .or: return try logical(false)
        case .and: return try logical(true)
        case .equal: return try cmp(.eq)
        case .notEqual: return try cmp(.ne)
        case .less: return try cmp(.lt)
        case .lessOrEqual: return try cmp(.le)
        case .greater: return try cmp(.gt)
        case .greaterOrEqual: return try cmp(.ge)
        case .equalTilde, .notEqualTilde:
            guard bl.type == .string || bl.type == .dynamic, br.type == .string || br.type == .dynamic else {
                throw fail(.operandType, "'\(op.rawValue)' compares strings, not \(bl.type) and \(br.type)", span)
            }
            return .compare(op == .equalTilde ? .eqCi : .neCi, bl, br)
        case .add: return try arith(.add)
        case .subtract: return try arith(.sub)
        case .multiply: return try arith(.mul)
        case .divide: return try arith(.div)
        case .modulo: return try arith(.mod)
        case .has: return try str(.has, cs: false, neg: false)
        case .notHas: return try str(.has, cs: false, neg: true)
        case .hasCs: return try str(.has, cs: true, neg: false)
        case .notHasCs: return try str(.has, cs: true, neg: true)
        case .hasPrefix: return try str(.hasPrefix, cs: false, neg: false)
        case .notHasPrefix: return try str(.hasPrefix, cs: false, neg: true)
        case .hasPrefixCs: return try str(.hasPrefix, cs: true, neg: false)
        case .notHasPrefixCs: return try str(.hasPrefix, cs: true, neg: true)
        case .hasSuffix: return try str(.hasSuffix, cs: false, neg: false)
        case .notHasSuffix: return try str(.hasSuffix, cs: false, neg: true)
        case .hasSuffixCs: return try str(.hasSuffix, cs: true, neg: false)
        case .notHasSuffixCs: return try str(.hasSuffix, cs: true, neg: true)
        case .contains: return try str(.contains, cs: false, neg: false)
        case .notContains: return try str(.contains, cs: false, neg: true)
        case .containsCs: return try str(.contains, cs: true, neg: false)
        case .notContainsCs: return try str(.contains, cs: true, neg: true)
        case .startsWith: return try str(.startsWith, cs: false, neg: false)
        case .notStartsWith: return try str(.startsWith, cs: false, neg: true)
        case .startsWithCs: return try str(.startsWith, cs: true, neg: false)
        case .notStartsWithCs: return try str(.startsWith, cs: true, neg: true)
        case .endsWith: return try str(.endsWith, cs: false, neg: false)
        case .notEndsWith: return try str(.endsWith, cs: false, neg: true)
        case .endsWithCs: return try str(.endsWith, cs: true, neg: false)
        case .notEndsWithCs: return try str(.endsWith, cs: true, neg: true)
        case .matchesRegex: return try str(.matchesRegex, cs: true, neg: false)
        case .like, .notLike: throw fail(.unsupportedScalarOperator, "operator '\(op.rawValue)' is not supported", span)
        }
    }

    private func bindList(_ op: ListOperator, _ x: Expr, _ items: [Expr], span: Span, schema: Schema, scope: Scope) throws -> BoundExpr {
        let bx = try bindScalar(x, schema: schema, scope: scope)
        var values: [Value] = []
        var subquery: Subquery?
        var rowItems: [Expr] = []
        var dynamicItems: [BoundExpr] = []
        for item in items {
            if isTabular(item, scope: scope) {
                // `x in (T)`: bound as a plan, run by the executor (the binder never runs anything).
                guard subquery == nil else {
                    throw fail(.unsupportedList, "a list with more than one tabular expression is not supported yet", item.span)
                }
                let plan = try bindTabular(item, scope: scope)
                guard plan.schema.fields.first != nil else { throw fail(.noColumns, "the tabular expression has no columns", item.span) }
                subquery = Subquery(id: newPlanId(), plan: plan)
                continue
            }
            // Columns are visible (and shadow `let` names, as in Kusto): `DeviceId in~ (InDeviceId)`.
            let b = try bindScalar(item, schema: schema, scope: scope)
            guard let v = b.constantValue else {
                if b.type == .dynamic { dynamicItems.append(b) } else { rowItems.append(item) }
                continue
            }
            if case .dynamic(.array(let arr)) = v {
                values += arr.map { dynamicToValue($0) }
            } else {
                values.append(v)
            }
        }
        if !dynamicItems.isEmpty {
            guard subquery == nil, rowItems.isEmpty else {
                throw fail(.unsupportedList, "a list mixing a dynamic array that is not a constant with a tabular expression or row values is not supported yet", span)
            }
            return dynamicValuedList(op, bx, constants: values, dynamicItems: dynamicItems)
        }
        if !rowItems.isEmpty {
            guard subquery == nil else {
                throw fail(.unsupportedList, "a list mixing a tabular expression and row values is not supported yet", rowItems[0].span)
            }
            return try bindRowValuedList(op, x, constants: values, rowItems: rowItems, bx: bx, span: span, schema: schema, scope: scope)
        }
        if let subquery { return .listSubquery(op, bx, subquery, constants: values) }
        // `ResultType in (0, 50126)` on a string column, `EventID in ("4624")` on a long one: as for
        // `==`, a string and a number (or bool) compare as strings (the number's tostring() form).
        if op == .in || op == .notIn || op == .inCi || op == .notInCi {
            let stringy = { (v: Value) -> Bool in if case .string = v { return true }; return false }
            let scalarNonString = { (v: Value) -> Bool in v.type.isNumeric || v.type == .bool }
            if bx.type == .string, values.contains(where: scalarNonString) {
                return listExpression(op, bx, values.map { scalarNonString($0) && !$0.isNull ? .string(kqlString($0)) : $0 })
            }
            if bx.type.isNumeric || bx.type == .bool, values.contains(where: stringy) {
                return listExpression(op, asString(bx), values.map { $0.isNull ? $0 : .string(kqlString($0)) })
            }
        }
        return listExpression(op, bx, values)
    }

    /// A list with elements that vary by row (`x in (ColA, ColB, "c")`) is what Kusto's docs
    /// define it as: `x == e1 or x == e2 or …` (`in~`: `=~`; `!in`: `x != e1 and …`; `has_any`:
    /// `x has e1 or …`; `has_all`: `and`), with the constant elements kept as one set test.
    private func bindRowValuedList(_ op: ListOperator, _ x: Expr, constants: [Value], rowItems: [Expr], bx: BoundExpr,
                                   span: Span, schema: Schema, scope: Scope) throws -> BoundExpr {
        let (cmp, isAnd): (BinaryOperator, Bool)
        switch op {
        case .in: (cmp, isAnd) = (.equal, false)
        case .notIn: (cmp, isAnd) = (.notEqual, true)
        case .inCi: (cmp, isAnd) = (.equalTilde, false)
        case .notInCi: (cmp, isAnd) = (.notEqualTilde, true)
        case .hasAny: (cmp, isAnd) = (.has, false)
        case .hasAll: (cmp, isAnd) = (.has, true)
        }
        var result: BoundExpr? = constants.isEmpty ? nil : listExpression(op, bx, constants)
        for item in rowItems {
            let test = try bindScalar(Expr(.binary(cmp, x, item), span), schema: schema, scope: scope)
            result = result.map { .logical(isAnd: isAnd, $0, test) } ?? test
        }
        return result ?? .constant(.bool(isAnd))
    }

    /// For `==`/`!=` between a string and a number or bool: both sides as strings, else nil.
    /// A timespan too (`dayofweek(T) == "00:00:00"`, in Sentinel hunts): Kusto's binder accepts it.
    private func stringEquality(_ l: BoundExpr, _ r: BoundExpr) -> (BoundExpr, BoundExpr)? {
        let other = { (t: KQLType) -> Bool in t.isNumeric || t == .bool || t == .timespan }
        if l.type == .string, other(r.type) { return (l, asString(r)) }
        if r.type == .string, other(l.type) { return (asString(l), r) }
        return nil
    }

    /// `b` as a string for a comparison (folded when `b` is a constant); a null stays null, so the
    /// comparison follows Kusto's null rules (null == x is false, null != x is true).
    private func asString(_ b: BoundExpr) -> BoundExpr {
        if let v = b.constantValue { return .constant(v.isNull ? .null(.string) : .string(kqlString(v))) }
        return .call(BoundFunction(name: "tostring", resultType: .string, kernel: .row({ $0[0].isNull ? .null(.string) : .string(kqlString($0[0])) })), [b])
    }

    /// Converts a literal to a value, checking typed literal text (`datetime(...)`, `guid(...)`).
    func literalValue(_ lit: Literal, span: Span) throws -> Value {
        switch lit {
        case .bool(let b): return .bool(b)
        case .long(let x): return .long(x)
        case .real(let x): return .real(x)
        case .string(let s): return .string(s)
        case .timespan(let t): return .timespan(t)
        case .typedNull(let t):
            guard let type = KQLType(name: t) else { throw fail(.unknownType, "unknown type '\(t)'", span) }
            return .empty(type)
        case .typed(let t, let text):
            guard let type = KQLType(name: t) else { throw fail(.unknownType, "unknown type '\(t)'", span) }
            if let v = parseTypedLiteral(type, text) { return v }
            throw fail(.invalidLiteral, "invalid \(type) literal '\(text)'", span)
        }
    }

    /// Binds a user function call: parameters become scalar lets (or tabular ones) in the body's scope.
    func functionScope(name: String, params: [FunctionParameter], args: [Argument], callSpan: Span,
                       outer: Scope, fscope: Scope, schema: Schema) throws -> Scope {
        var inner = fscope
        guard args.count <= params.count else { throw fail(.argumentCount, "'\(name)' takes at most \(params.count) arguments, got \(args.count)", callSpan) }
        for (i, p) in params.enumerated() {
            let argExpr: Expr? = args.first(where: { $0.name == p.name })?.value ?? (i < args.count && args[i].name == nil ? args[i].value : nil)
            if p.type == nil {
                guard let a = argExpr else { throw fail(.argumentCount, "missing tabular argument '\(p.name)' of '\(name)'", callSpan) }
                let (plan, depth) = try measured { try bindTabular(a, scope: outer) }
                inner.lets.bind(p.name, .tabular(shared(plan)), depth: depth)
                continue
            }
            if let a = argExpr {
                let (value, depth) = try measured { try bindScalar(a, schema: schema, scope: outer) }
                inner.lets.bind(p.name, .scalar(value), depth: depth)
            } else if let d = p.defaultValue {
                let (value, depth) = try measured { try bindScalar(d, schema: Schema([]), scope: fscope) }
                inner.lets.bind(p.name, .scalar(value), depth: depth)
            } else {
                throw fail(.argumentCount, "missing argument '\(p.name)' of '\(name)'", callSpan)
            }
        }
        return inner
    }
}

/// Parses the text of a typed literal such as `datetime(2024-01-01)` or `long(5)`.
func parseTypedLiteral(_ type: KQLType, _ text: String) -> Value? {
    var t = text.trimmingCharacters(in: .whitespaces)
    // `datetime('2007-04-07')`: a quoted string inside a typed literal.
    if type != .dynamic, t.count >= 2, let f = t.first, f == t.last, f == "'" || f == "\"" { t = String(t.dropFirst().dropLast()) }
    if t.lowercased() == "null" { return .empty(type) }
    switch type {
    case .datetime: return DateTime.parse(Substring(t)).map(Value.datetime)
    case .timespan:
        if let v = TimeSpan.parse(Substring(t)) { return .timespan(v) }
        if let d = Double(t) { return int64Truncating(d * Double(DateTime.ticksPerDay)).map(Value.timespan) }   // out of range: invalid literal
        return parseTimespanLiteralText(t).map(Value.timespan)
    case .guid: return GUID(parsing: Substring(t)).map(Value.guid)
    case .int: return (Int32(t) ?? hexLiteral(t).flatMap { Int32(exactly: $0) }).map(Value.int)
    case .long: return (Int64(t) ?? hexLiteral(t)).map(Value.long)
    case .decimal: return KQLDecimal(parsing: Substring(t)).map(Value.decimal)
    case .real:
        switch t.lowercased() {
        case "nan": return .real(.nan)
        case "+inf", "inf": return .real(.infinity)
        case "-inf": return .real(-.infinity)
        default: return Double(t).map(Value.real)
        }
    case .bool:
        switch t.lowercased() { case "true": return .bool(true); case "false": return .bool(false); default: return nil }
    case .string: return .string(t)
    case .dynamic:
        return parseDynamicLiteral(t).map(Value.dynamic)
    }
}

/// `0xf090013d` inside `long(...)` / `int(...)` (a FalconFriday hunt writes `long(0xf090013d)`;
/// Kusto.Language accepts it): hexadecimal digits read as a 64-bit pattern, as the lexer reads a
/// bare `0x…` literal; nil when it is not hexadecimal or has more than 16 digits.
func hexLiteral(_ t: String) -> Int64? {
    guard t.count > 2, t.hasPrefix("0x") || t.hasPrefix("0X") else { return nil }
    let digits = t.dropFirst(2)
    guard digits.count <= 16, let v = UInt64(digits, radix: 16) else { return nil }
    return Int64(bitPattern: v)
}

/// `10d`, `1.5h`, `30m`, `15 seconds` inside `timespan(...)`.
func parseTimespanLiteralText(_ t: String) -> Int64? {
    let s = t.replacingOccurrences(of: " ", with: "")
    let digits = s.prefix { $0.isNumber || $0 == "." }
    guard let n = Double(digits) else { return nil }
    let unit = s.dropFirst(digits.count).lowercased()
    let ticks: Double
    switch unit {
    case "d", "day", "days": ticks = Double(DateTime.ticksPerDay)
    case "h", "hr", "hrs", "hour", "hours": ticks = Double(DateTime.ticksPerHour)
    case "m", "min", "minute", "minutes": ticks = Double(DateTime.ticksPerMinute)
    case "s", "sec", "second", "seconds": ticks = Double(DateTime.ticksPerSecond)
    case "ms", "milli", "millis", "millisecond", "milliseconds": ticks = 10_000
    case "microsecond", "microseconds": ticks = 10
    case "tick", "ticks": ticks = 1
    default: return nil
    }
    return int64Rounding(n * ticks)   // nil (invalid literal) past Int64 ticks
}

/// Converts a datatable/let constant to a column's type where Kusto would accept it.
func convertLiteral(_ v: Value, to type: KQLType) -> Value? {
    if v.type == type { return v }
    if v.isNull { return .empty(type) }
    switch (v, type) {
    case (.long(let x), .int): return Int32(exactly: x).map(Value.int)
    case (.long(let x), .real): return .real(Double(x))
    case (.int(let x), .long): return .long(Int64(x))
    case (.int(let x), .real): return .real(Double(x))
    case (.int, .decimal), (.long, .decimal), (.real, .decimal): return exactDecimal(v).map(Value.decimal)
    case (_, .dynamic): return .dynamic(toDynamic(v))
    default: return nil
    }
}


/// The expression for `x op (values)` with a known list: a hashed set for `in` and its forms, a
/// term search for `has_any`/`has_all`. The binder uses it for constant lists, the executor for
/// lists a subquery produced.
func listExpression(_ op: ListOperator, _ bx: BoundExpr, _ values: [Value]) -> BoundExpr {
    switch op {
    case .in, .notIn, .inCi, .notInCi:
        let ci = op == .inCi || op == .notInCi
        var set = InSet(values: [], lowercasedStrings: [], caseInsensitive: ci)
        for v in values {
            switch v {
            case .int(let i): set.values.insert(.long(Int64(i)))
            case .string(let s): set.values.insert(.string(s)); set.lowercasedStrings.insert(s.lowercased())
            default: if !v.isNull { set.values.insert(v) }
            }
        }
        return .inSet(bx, set, negated: op == .notIn || op == .notInCi)
    case .hasAny, .hasAll:
        let needles = values.map { kqlString($0) }
        let isAll = op == .hasAll
        let f = BoundFunction(name: op.rawValue, resultType: .bool, kernel: .row({ args in
            let h = Array(kqlString(args[0]).utf8)
            let pred = StringPredicate(kind: .has, caseSensitive: false, negated: false)
            let hits = needles.map { n in
                h.withUnsafeBufferPointer { hb in Array(n.utf8).withUnsafeBufferPointer { stringPredicate(pred, hb, $0) } }
            }
            return .bool(isAll ? hits.allSatisfy { $0 } : hits.contains(true))
        }))
        return .call(f, [bx])
    }
}
