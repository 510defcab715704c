import KQLColumns
import KQLSyntax

extension Binder {
    /// Rewrites a summarize's aggregate list before binding (percentiles-aggregation-function.md):
    /// `percentiles(x, 5, 50)` is one `percentile(x, p)` column per percentile and
    /// `percentilesw(x, w, 5, 50)` one `percentilew(x, w, p)` each; `(a, b) = percentiles(…)` names
    /// them (the first ones, when fewer names are given). An unnamed percentile column is `percentile_<x>_<p>` as Kusto names it (`.` in p
    /// becomes `_`: `percentile_x_99_9`; an expression argument gives `percentile__50`).
    func expandPercentiles(_ aggregates: [Assignment], schema: Schema, scope: Scope) throws -> [Assignment] {
        var out: [Assignment] = []
        for a in aggregates {
            guard case .call(let fname, let nameSpan, let args) = a.value.kind,
                  ["percentiles", "percentilesw", "percentile", "percentilew"].contains(fname) else {
                out.append(a)
                continue
            }
            let weighted = fname.hasSuffix("w")
            let lead = weighted ? 2 : 1
            guard args.count > lead else { out.append(a); continue }   // the resolver reports the arity
            let single = fname == "percentile" || fname == "percentilew"
            if single && !a.names.isEmpty { out.append(a); continue }
            let base = "percentile_" + (derivedName(args[0].value, fallback: nil) ?? "")
            var names: [String] = []
            for pArg in args[lead...] {
                let b = try bindScalar(pArg.value, schema: schema, scope: scope)
                guard let c = b.constantValue, let p = numericDouble(c) else {
                    throw fail(.argumentType, "\(fname)(): each percentile must be a constant number", pArg.value.span)
                }
                names.append(base + "_" + kqlString(p == p.rounded() && abs(p) < 1e15 ? .long(Int64(p)) : .real(p)).replacingOccurrences(of: ".", with: "_"))
            }
            if single {
                out.append(Assignment(names: names, nameSpan: a.nameSpan, a.value, toType: a.toType))
                continue
            }
            let count = args.count - lead
            // Names given name the first columns; the rest keep their own (Kusto's binder names
            // `q = percentiles(x, 5, 50)` q, percentile_x_50).
            if a.names.count > count {
                throw fail(.argumentCount, "\(fname)() gives \(count) column\(count == 1 ? "" : "s") but \(a.names.count) name\(a.names.count == 1 ? " is" : "s are") given", a.nameSpan ?? nameSpan)
            }
            let single1 = weighted ? "percentilew" : "percentile"
            for (k, pArg) in args[lead...].enumerated() {
                let call = Expr(.call(name: single1, nameSpan: nameSpan, args: Array(args[..<lead]) + [pArg]), a.value.span)
                out.append(Assignment(names: [k < a.names.count ? a.names[k] : names[k]], nameSpan: a.nameSpan, call))
            }
        }
        return out
    }
}
