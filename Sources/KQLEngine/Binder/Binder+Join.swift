import KQLColumns
import KQLSyntax

extension Binder {
    /// `join [kind=...] (right) on Key, $left.A == $right.B` and `lookup [kind=leftouter|inner] right on ...`.
    func bindJoin(parameters: [OperatorParameter], right rightExpr: Expr, on: [Expr], left: LogicalPlan,
                  isLookup: Bool, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        var kind: JoinKind = isLookup ? .leftouter : .innerunique
        for p in parameters where p.name == "kind" {
            guard case .name(let k) = p.value.kind else { throw fail(.invalidOperatorArgument, "join kind must be a name", p.value.span) }
            let aliases: [String: JoinKind] = ["anti": .leftanti, "leftantisemi": .leftanti, "rightantisemi": .rightanti, "semi": .leftsemi]
            guard let jk = JoinKind(rawValue: k) ?? aliases[k] else { throw fail(.invalidOperatorArgument, "unknown join kind '\(k)'", p.value.span) }
            if isLookup && jk != .leftouter && jk != .inner { throw fail(.invalidOperatorArgument, "lookup kind must be leftouter or inner", p.value.span) }
            kind = jk
        }
        let right = try bindTabular(rightExpr, scope: scope)
        let ls = left.schema, rs = right.schema
        guard !on.isEmpty else { throw fail(.unsupportedJoinCondition, "join without 'on' keys is not supported yet", op.keywordSpan) }
        var leftKeys: [Int] = [], rightKeys: [Int] = []
        func column(_ e: Expr, side: String) -> String? {
            if case .member(let base, let c) = e.kind, case .name(let s) = base.kind, s == side { return c }
            return nil
        }
        func addKeys(_ e: Expr) throws {
            switch e.kind {
            case .name(let n):
                guard let li = ls.index(of: n) else { throw fail(.unknownName, "join key '\(n)' is not a column of the left side", e.span).helping(columnHelp(n, ls)) }
                guard let ri = rs.index(of: n) else { throw fail(.unknownName, "join key '\(n)' is not a column of the right side", e.span).helping(columnHelp(n, rs)) }
                leftKeys.append(li); rightKeys.append(ri)
            case .binary(.and, let a, let b):
                try addKeys(a); try addKeys(b)
            case .binary(.equal, let a, let b):
                let (l, r): (String?, String?) = (column(a, side: "$left") ?? column(b, side: "$left"), column(b, side: "$right") ?? column(a, side: "$right"))
                guard let l, let r else { throw fail(.unsupportedJoinCondition, "join condition must be Column or $left.Column == $right.Column", e.span) }
                guard let li = ls.index(of: l) else { throw fail(.unknownName, "'\(l)' is not a column of the left side", e.span).helping(columnHelp(l, ls)) }
                guard let ri = rs.index(of: r) else { throw fail(.unknownName, "'\(r)' is not a column of the right side", e.span).helping(columnHelp(r, rs)) }
                leftKeys.append(li); rightKeys.append(ri)
            case .paren(let x):
                try addKeys(x)
            default:
                throw fail(.unsupportedJoinCondition, "join condition must be Column or $left.Column == $right.Column", e.span)
            }
        }
        for k in on { try addKeys(k) }
        for (l, r) in zip(leftKeys, rightKeys) where !(ls.fields[l].type == rs.fields[r].type
                                                     || (ls.fields[l].type.isNumeric && rs.fields[r].type.isNumeric && ls.fields[l].type != .real && rs.fields[r].type != .real)) {
            throw fail(.joinKeyTypeMismatch, "join keys '\(ls.fields[l].name)' (\(ls.fields[l].type)) and '\(rs.fields[r].name)' (\(rs.fields[r].type)) have different types", op.keywordSpan)
        }
        var rightOutput: [Int]? = nil
        var fields: [Field] = []
        switch kind {
        case .leftsemi, .leftanti: fields = ls.fields
        case .rightsemi, .rightanti: fields = rs.fields
        default:
            fields = ls.fields
            var rightCols = Array(rs.fields.indices)
            if isLookup {
                // Lookup does not repeat the right side's key columns (`on A` and `$left.A == $right.B` alike).
                rightCols = rightCols.filter { !rightKeys.contains($0) }
                rightOutput = rightCols
            }
            // A right column whose name is taken is renamed as Kusto does (ColumnNaming.swift):
            // every name of the output is reserved first, so with DeviceId and DeviceId1 on the
            // left, the right's DeviceId becomes DeviceId2.
            var used = UniqueNames(ls.names + rightCols.map { rs.fields[$0].name })
            var seen = Set(ls.names)
            for ri in rightCols {
                var name = rs.fields[ri].name
                if seen.contains(name) { name = used.take(name) }
                seen.insert(name)
                fields.append(Field(name, rs.fields[ri].type))
            }
        }
        return .join(.init(left: left, right: right, kind: kind, leftKeys: leftKeys, rightKeys: rightKeys, schema: Schema(fields), rightOutput: rightOutput))
    }
}
