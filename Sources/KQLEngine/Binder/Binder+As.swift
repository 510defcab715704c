import KQLColumns
import KQLSyntax

extension Binder {
    /// `T | as [hint.materialized=true] Name` (as-operator.md): the rows pass unchanged, and `Name`
    /// refers to them in the rest of the query (after the `as`, e.g. inside a later join's right
    /// side); it also labels them in `union withsource=` and search's `$table`. With
    /// `hint.materialized=true` every reference reads one computed result (a shared plan, as
    /// `materialize()`); otherwise each reference computes the rows again.
    func bindAs(parameters: [OperatorParameter], name: String, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        var materialized = false
        for p in parameters {
            switch p.name {
            case "hint.materialized":
                switch p.value.kind {
                case .literal(.bool(let b)): materialized = b
                default: throw fail(.invalidOperatorArgument, "hint.materialized expects true or false", p.value.span)
                }
            default:
                throw fail(.unsupportedOperatorForm, "as parameter '\(p.name)' is not supported", p.value.span)
            }
        }
        let plan = materialized ? shared(input) : input
        asNames[name] = plan
        return plan
    }

    /// The name a tabular expression ends with `| as Name`, if any (peeling parentheses).
    func asLabel(_ e: Expr) -> String? {
        switch e.kind {
        case .paren(let x): return asLabel(x)
        case .pipe(_, let op):
            if case .as(_, let name) = op.kind { return name }
            return nil
        default: return nil
        }
    }
}
