import KQLColumns
import KQLSyntax

/// A type-checked scalar expression over the columns of one input schema.
indirect enum BoundExpr {
    case constant(Value)
    case column(index: Int, type: KQLType)
    case call(BoundFunction, [BoundExpr])
    case compare(CompareOp, BoundExpr, BoundExpr)
    case arithmetic(ArithmeticOp, BoundExpr, BoundExpr, KQLType)
    case negate(BoundExpr, KQLType)
    case logical(isAnd: Bool, BoundExpr, BoundExpr)
    case stringPredicate(StringPredicate, BoundExpr, BoundExpr)
    /// `x in (constants)`: the set is folded at bind time.
    case inSet(BoundExpr, InSet, negated: Bool)
    case between(BoundExpr, BoundExpr, BoundExpr, negated: Bool)
    /// `toscalar(T)`: the first column of `T`'s first row (null of `type` when it has none). The
    /// binder never runs it; the executor replaces it with a constant before the plan runs.
    case scalarSubquery(Subquery, type: KQLType)
    /// `x in (T)`, `x has_any (T)`, …: the list is `T`'s first column plus `constants`. The executor
    /// replaces the node with the list expression the binder builds for constant lists.
    case listSubquery(ListOperator, BoundExpr, Subquery, constants: [Value])

    var type: KQLType {
        switch self {
        case .constant(let v): return v.type
        case .column(_, let t): return t
        case .call(let f, _): return f.resultType
        case .compare, .logical, .stringPredicate, .inSet, .between, .listSubquery: return .bool
        case .scalarSubquery(_, let t): return t
        case .arithmetic(_, _, _, let t): return t
        case .negate(_, let t): return t
        }
    }

    var constantValue: Value? {
        if case .constant(let v) = self { return v }
        return nil
    }
}

/// A tabular subquery inside an expression; `id` names it for the once-per-query result cache
/// (a `let` holding `toscalar(…)` is inlined at each use, and still runs once).
struct Subquery {
    var id: Int
    var plan: LogicalPlan
}

enum CompareOp { case eq, ne, lt, le, gt, ge, eqCi, neCi }
enum ArithmeticOp { case add, sub, mul, div, mod }

/// Case-insensitive / case-sensitive string predicates, with negation.
struct StringPredicate {
    enum Kind { case has, hasPrefix, hasSuffix, contains, startsWith, endsWith, matchesRegex }
    var kind: Kind
    var caseSensitive: Bool
    var negated: Bool
}

/// A set of constant values for `in`/`!in`/`in~`/`!in~`.
struct InSet {
    var values: Set<Value>
    var lowercasedStrings: Set<String>
    var caseInsensitive: Bool
}
