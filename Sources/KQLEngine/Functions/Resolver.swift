import KQLColumns
import KQLSyntax

// Functions are declared by typed overloads (modelled on Kusto.Language's signature notation); this
// file resolves a call against them. Kusto's implicit promotions live here only: a `long` parameter
// takes an int, a `real` parameter an int or a long. Arity and type errors, and the signature text
// `quarry functions` prints, are generated from the overloads.

/// The types a parameter accepts: one type (with Kusto's int → long → real widening) or a family.
enum ParamType: Equatable, Sendable {
    /// That type; `long` also takes int, `real` also takes int, long and decimal (the argument is
    /// promoted; a decimal argument is converted to real before the call, Binder+Calls.swift).
    case type(KQLType)
    /// Exactly one of these types, no promotion.
    case oneOf([KQLType])
    /// int or long (Kusto's `Integer`).
    case integer
    /// int, long or real (Kusto's `Number`).
    case number
    /// string or dynamic (Kusto's `StringOrDynamic`).
    case stringOrDynamic
    /// A number or a timespan (Kusto's `Summable`).
    case summable
    /// Any scalar type, dynamic included (Kusto's `Scalar`).
    case scalar
    /// Any type but dynamic (Kusto's `NotDynamic`).
    case notDynamic

    /// The type the argument is taken as, or nil if the parameter does not accept `t`.
    func accepts(_ t: KQLType) -> KQLType? {
        switch self {
        case .type(let p):
            if p == t { return p }
            if p == .long && t == .int { return .long }
            if p == .real && (t == .int || t == .long || t == .decimal) { return .real }   // decimal: log(decimal) is real in Kusto's binder
            return nil
        case .oneOf(let ts): return ts.contains(t) ? t : nil
        case .integer: return t == .int || t == .long ? t : nil
        case .number: return t.isNumeric ? t : nil
        case .stringOrDynamic: return t == .string || t == .dynamic ? t : nil
        case .summable: return t.isNumeric || t == .timespan ? t : nil
        case .scalar: return t
        case .notDynamic: return t == .dynamic ? nil : t
        }
    }

    /// As written in signatures and messages: `string`, `int or long`, `string or dynamic`.
    var text: String {
        switch self {
        case .type(let t): return t.rawValue
        case .oneOf(let ts): return ts.map(\.rawValue).joined(separator: " or ")
        case .integer: return "int or long"
        case .number: return "number"
        case .stringOrDynamic: return "string or dynamic"
        case .summable: return "number or timespan"
        case .scalar: return "scalar"
        case .notDynamic: return "scalar (not dynamic)"
        }
    }

    /// The names of the accepted types, for "must be X or Y" messages.
    var acceptedNames: [String] {
        switch self {
        case .type(.long): return ["int", "long"]
        case .type(.real): return ["int", "long", "real", "decimal"]
        case .type(let t): return [t.rawValue]
        case .oneOf(let ts): return ts.map(\.rawValue)
        case .integer: return ["int", "long"]
        case .number: return ["int", "long", "real"]
        case .stringOrDynamic: return ["string", "dynamic"]
        case .summable: return ["int", "long", "real", "timespan"]
        case .scalar: return KQLType.allCases.map(\.rawValue)
        case .notDynamic: return ["any type but dynamic"]
        }
    }
}

/// One parameter of an overload.
struct Param: Sendable {
    var name: String
    var type: ParamType
    var optional: Bool = false

    init(_ name: String, _ type: ParamType, optional: Bool = false) {
        self.name = name; self.type = type; self.optional = optional
    }
}

/// Parameter shorthands: `p("source", .type(.string))`, `opt("length", .type(.long))`.
func p(_ name: String, _ type: ParamType) -> Param { Param(name, type) }
func opt(_ name: String, _ type: ParamType) -> Param { Param(name, type, optional: true) }

/// How an overload's result type follows from its arguments (Kusto's result kinds).
enum ResultRule: Sendable {
    /// A fixed type.
    case fixed(KQLType)
    /// The type of argument i (Kusto's `Parameter0`…).
    case parameter(Int)
    /// The widest numeric type of the arguments: int < long < real (Kusto's `Widest`).
    case widest
    /// The common type of the arguments at the `value` parameters (Kusto's `Common`): numbers widen,
    /// string next to dynamic is string; no common type is an error at the first one that differs.
    case common
    /// Decided by the function's bind step (data-dependent: a type-name argument, a regex's groups).
    case computed(String)
}

/// A repeatable group of parameters: `strcat(arg1, arg2, …)`, `case(predicate, then, …, else)`.
struct Repeat: Sendable {
    var params: [Param]
    var min: Int
    var max: Int
}

/// One typed signature of a function: leading parameters (trailing ones may be optional), an optional
/// repeatable group, and parameters after the group.
struct Overload: Sendable {
    var params: [Param]
    var repeating: Repeat? = nil
    var tail: [Param] = []
    var result: ResultRule
    /// Parameter names (in any position) whose arguments `ResultRule.common` unifies.
    var valueParams: [String] = []

    init(_ params: [Param], repeating: Repeat? = nil, tail: [Param] = [], _ result: ResultRule, values: [String] = []) {
        self.params = params; self.repeating = repeating; self.tail = tail; self.result = result; self.valueParams = values
    }

    var minArgs: Int {
        params.filter { !$0.optional }.count + (repeating.map { $0.params.count * $0.min } ?? 0) + tail.count
    }
    var maxArgs: Int { params.count + (repeating.map { $0.params.count * $0.max } ?? 0) + tail.count }

    /// The parameter each of `n` arguments binds to, or nil when this overload cannot take `n`.
    func layout(_ n: Int) -> [Param]? {
        guard n >= minArgs, n <= maxArgs else { return nil }
        guard let r = repeating else {
            return Array(params.prefix(n - tail.count)) + tail
        }
        let middle = n - params.count - tail.count
        guard middle >= 0, r.params.count > 0, middle % r.params.count == 0 else { return nil }
        return params + Array(repeating: r.params, count: middle / r.params.count).flatMap { $0 } + tail
    }

    /// `strlen(source: string) -> long`, `substring(source: string, start: long [, length: long]) -> string`.
    func signature(_ name: String) -> String {
        func one(_ p: Param) -> String { p.type == .scalar ? p.name : "\(p.name): \(p.type.text)" }
        var optionalOpen = 0
        var text = ""
        for p in params {
            if p.optional {
                text += (text.isEmpty ? "[" : " [, ") + one(p)
                optionalOpen += 1
            } else {
                text += (text.isEmpty ? "" : ", ") + one(p)
            }
        }
        text += String(repeating: "]", count: optionalOpen)
        if let r = repeating {
            let group = r.params.map(one).joined(separator: ", ")
            text += (text.isEmpty ? "" : ", ") + group + ", ..."
        }
        for p in tail { text += (text.isEmpty ? "" : ", ") + one(p) }
        let resultText: String
        switch result {
        case .fixed(let t): resultText = t.rawValue
        case .parameter(let i): resultText = "type of \(i < params.count ? params[i].name : "argument \(i + 1)")"
        case .widest: resultText = "widest numeric type of the arguments"
        case .common: resultText = "common type of \(valueParams.joined(separator: ", "))"
        case .computed(let s): resultText = s
        }
        return "\(name)(\(text)) -> \(resultText)"
    }
}

/// What the resolver decided for one call.
struct Resolution {
    /// Index of the chosen overload.
    var overload: Int
    /// The parameter each argument bound to.
    var params: [Param]
    /// The type each argument is taken as, after promotion.
    var argTypes: [KQLType]
    /// The result type; nil for `ResultRule.computed` (the bind step decides).
    var resultType: KQLType?
}

/// Whether a function's value depends only on its arguments.
enum Volatility: Sendable {
    /// Same arguments, same value: folded to a constant when the arguments are constants.
    case deterministic
    /// Fixed for one query (now(), ago()): folded, with the query's `now`.
    case perQuery
    /// Depends on the row's position (prev, next, row_number): never folded; needs ordered rows.
    case rowOrder
    /// A new value on every row (rand(), new_guid()): never folded, any row order.
    case perRow

    var foldable: Bool { self != .rowOrder && self != .perRow }
}

/// The kind of a registry entry, as `quarry functions` prints it.
enum FunctionKind: String, Sendable { case scalar, window, aggregate }

/// The common type of two values, widening numbers (int < long < real); nil if they differ otherwise.
func commonType(_ a: KQLType, _ b: KQLType) -> KQLType? {
    if a == b { return a }
    if a.isNumeric && b.isNumeric { return (a == .real || b == .real) ? .real : .long }
    // A dynamic branch next to a string one yields string (as Kusto's binder types it).
    if (a == .dynamic && b == .string) || (a == .string && b == .dynamic) { return .string }
    return nil
}

enum Resolver {
    /// "2", "2 to 3", "3, 5 or 6": the argument counts the overloads take.
    static func arityText(_ overloads: [Overload]) -> String {
        let lo = overloads.map(\.minArgs).min() ?? 0, hi = overloads.map(\.maxArgs).max() ?? 0
        if lo == hi { return "\(lo)" }
        if hi - lo < 8 {
            let counts = (lo...hi).filter { n in overloads.contains { $0.layout(n) != nil } }
            if counts.count < hi - lo + 1, let last = counts.last {
                return counts.dropLast().map(String.init).joined(separator: ", ") + " or \(last)"
            }
        }
        return "\(lo) to \(hi)"
    }

    /// The arity error for `n` arguments, or nil when some overload takes `n`.
    static func arityError(_ name: String, _ overloads: [Overload], count n: Int, nameSpan: Span) -> Diagnostic? {
        guard !overloads.contains(where: { $0.layout(n) != nil }) else { return nil }
        let range = arityText(overloads)
        var what = "\(range) argument\(range == "1" ? "" : "s")"
        if let o = overloads.first(where: { n >= $0.minArgs && n <= $0.maxArgs }), let r = o.repeating {
            // In range but not a whole number of groups: `case(p, v, p, v)` lacks its else value.
            let fixed = o.params.count + o.tail.count
            what += r.params.count == 2 && fixed < 2 ? " (an \(fixed == 0 ? "even" : "odd") number)" : " (\(fixed) plus groups of \(r.params.count))"
        }
        return Diagnostic(code: .argumentCount, "\(name)() expects \(what), got \(n)", span: nameSpan)
    }

    /// Picks the first overload that takes the arguments' count and types; else a positioned error:
    /// arity under the name (KQB008), a type under the first argument no overload accepts (KQB004).
    static func resolve(_ name: String, _ overloads: [Overload], types: [KQLType], argSpans: [Span], nameSpan: Span) throws -> Resolution {
        if let d = arityError(name, overloads, count: types.count, nameSpan: nameSpan) { throw d }
        var best: (index: Int, accepted: [String], names: Set<String>)? = nil
        let candidates = overloads.enumerated().compactMap { (i, o) in o.layout(types.count).map { (i, o, $0) } }
        for (oi, o, params) in candidates {
            var promoted: [KQLType] = []
            var failed: Int?
            for (i, t) in types.enumerated() {
                guard let p = params[i].type.accepts(t) else { failed = i; break }
                promoted.append(p)
            }
            guard let f = failed else {
                let result = try resultType(name, o, params: params, types: promoted, argSpans: argSpans)
                return Resolution(overload: oi, params: params, argTypes: promoted, resultType: result)
            }
            // Report the argument furthest along that an overload fails on, with every type
            // accepted there by the overloads that took the arguments before it.
            if let b = best, b.index == f { best = (f, b.accepted + params[f].type.acceptedNames, b.names.union([params[f].name])) }
            else if (best?.index ?? -1) < f { best = (f, params[f].type.acceptedNames, [params[f].name]) }
        }
        guard let (i, accepted, names) = best else { throw Diagnostic(code: .argumentType, "\(name)(): no overload takes these arguments", span: nameSpan) }
        var seen = Set<String>()
        let list = accepted.filter { seen.insert($0).inserted }
        let text = list.count <= 2 ? list.joined(separator: " or ") : list.dropLast().joined(separator: ", ") + " or " + (list.last ?? "")
        // The parameter's name when the overloads agree on it: "sumif(): argument 2 (predicate) must be bool, not long".
        let which = names.count == 1 ? names.first.map { " (\($0))" } ?? "" : ""
        throw Diagnostic(code: .argumentType, "\(name)(): argument \(i + 1)\(which) must be \(text), not \(types[i])", span: argSpans[i])
    }

    private static func resultType(_ name: String, _ o: Overload, params: [Param], types: [KQLType], argSpans: [Span]) throws -> KQLType? {
        switch o.result {
        case .fixed(let t): return t
        case .parameter(let i): return i < types.count ? types[i] : nil
        case .widest:
            let numeric = types.filter(\.isNumeric)
            if numeric.contains(.real) { return .real }
            if numeric.contains(.long) { return .long }
            return numeric.isEmpty ? types.first : .int
        case .common:
            var t: KQLType?
            var first: KQLType?
            for (i, p) in params.enumerated() where o.valueParams.contains(p.name) {
                guard let cur = t else { t = types[i]; first = types[i]; continue }
                guard let c = commonType(cur, types[i]) else {
                    throw Diagnostic(code: .argumentType, "\(name)(): argument \(i + 1) (\(types[i])) must have the same type as the other values (\(first ?? cur))",
                                     span: argSpans[i])
                }
                t = c
            }
            return t
        case .computed: return nil
        }
    }
}
