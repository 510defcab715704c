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

    var type: KQLType {
        switch self {
        case .constant(let v): return v.type
        case .column(_, let t): return t
        case .call(let f, _): return f.resultType
        case .compare, .logical, .stringPredicate, .inSet, .between: return .bool
        case .arithmetic(_, _, _, let t): return t
        case .negate(_, let t): return t
        }
    }

    var constantValue: Value? {
        if case .constant(let v) = self { return v }
        return nil
    }
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
