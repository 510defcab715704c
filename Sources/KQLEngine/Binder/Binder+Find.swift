import KQLColumns
import KQLSyntax

extension Binder {
    /// `find [withsource=C] [in (T1, T2*)] [where] predicate [project-smart | project a, b:type, pack_all()]`
    /// (find-operator.md): the rows of the tables where the predicate holds, as one table whose
    /// first column (`source_`, or withsource's name) names each row's table.
    ///
    /// - Tables: `in (...)` as union's list, or every table of the session.
    /// - A table with none of the columns the predicate names is left out. The predicate is
    ///   evaluated over the union of the rest (a column a table lacks is null, or "" for a
    ///   string, in its rows); bare terms follow search's rules (see `bindSearch`).
    /// - `project-smart` (the default): the columns the predicate names and those every kept table
    ///   has, in union order; the rest of each row's own columns go to a dynamic `pack_` bag
    ///   (left out when no table has any such column — decision: the docs do not say).
    /// - `project a, b:type`: those columns (null where a table lacks one), converted to the type
    ///   given; a name with several types in the tables needs its type and is output as
    ///   `Name_type`. `pack_all()` adds `pack_` with every column of the row's table.
    func bindFind(parameters: [OperatorParameter], tables: [Expr]?, predicate: Expr, project: FindProject?,
                  op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        var sourceColumn = "source_"
        for p in parameters {
            switch p.name {
            case "withsource":
                guard case .name(let n) = p.value.kind else { throw fail(.invalidOperatorArgument, "withsource expects a column name", p.value.span) }
                sourceColumn = n
            default:
                if !p.name.hasPrefix("hint.") {
                    throw fail(.unsupportedOperatorForm, "find parameter '\(p.name)' is not supported", p.value.span)
                }
            }
        }
        var sources = tables ?? []
        if tables == nil {
            let names = session.wildcardTableNames
            guard !names.isEmpty else {
                throw fail(.unknownTable, "find without 'in (...)' looks in every table, and no table is bound (bind one with --table NAME=PATH)", op.keywordSpan)
            }
            sources = names.map { Expr(.name($0), op.keywordSpan) }
        }
        var legs = try unionInputs(tables: sources, input: nil, inputLabel: nil, fuzzy: false, scope: scope)
        var named = Set<String>(), term = false
        findReferences(predicate, &named, &term)
        if !term {
            let kept = legs.filter { leg in leg.plan.schema.fields.contains { named.contains($0.name) } }
            if !kept.isEmpty { legs = kept }   // else binding the predicate reports the unknown column
        }
        let unionPlan = try makeUnion(legs, kind: "outer", sourceColumn: sourceColumn, span: op.span)
        guard case .union(let union) = unionPlan else { throw fail(.internalError, "find: expected a union", op.span) }
        let schema = union.schema
        let rewritten = try searchPredicate(predicate, columns: Array(schema.fields.dropFirst()), caseSensitive: false)
        let p = try bindScalar(rewritten, schema: schema, scope: scope)
        guard p.type == .bool else {
            throw fail(.predicateNotBool, "'find' needs a bool predicate, not \(p.type)", predicate.span)
        }
        let filtered: LogicalPlan = { if case .constant(.bool(true)) = p { return unionPlan }; return .filter(.init(input: unionPlan, predicate: p)) }()

        // Union column i + 1 (after the source column) and the name it has in the tables.
        let width = schema.fields.count - 1
        var original = schema.names.dropFirst().map { $0 }
        for (k, leg) in legs.enumerated() {
            for i in 0..<width { if let src = union.inputColumns[k][i] { original[i] = leg.plan.schema.fields[src].name } }
        }
        func column(_ i: Int) -> Expr { Expr(.name(schema.fields[i + 1].name), op.keywordSpan) }
        var out: [(name: String, expr: Expr)] = [(sourceColumn, Expr(.name(sourceColumn), op.keywordSpan))]
        var packed: [[Int]] = []   // per leg, the union columns (0-based after the source) to pack
        if let project {
            for c in project.columns {
                out.append(try findProjectColumn(c, schema: schema, original: original))
            }
            if project.packAll {
                packed = legs.indices.map { k in (0..<width).filter { union.inputColumns[k][$0] != nil } }
            }
        } else {
            let common = (0..<width).filter { i in legs.indices.allSatisfy { union.inputColumns[$0][i] != nil } }
            let keep = Set(common).union((0..<width).filter { named.contains(original[$0]) && !term })
            for i in 0..<width where keep.contains(i) { out.append((schema.fields[i + 1].name, column(i))) }
            packed = legs.indices.map { k in (0..<width).filter { !keep.contains($0) && union.inputColumns[k][$0] != nil } }
            if packed.allSatisfy(\.isEmpty) { packed = [] }
        }
        if !packed.isEmpty {
            let span = op.keywordSpan
            func bag(_ cols: [Int]) -> Expr {
                Expr(.call(name: "bag_pack", nameSpan: span, args: cols.flatMap { i in
                    [Argument(Expr(.literal(.string(original[i])), span)), Argument(column(i))]
                }), span)
            }
            var pack = bag(packed[0])
            if legs.count > 1 {
                var args: [Argument] = []
                for (k, leg) in legs.enumerated() {
                    args.append(Argument(Expr(.binary(.equal, Expr(.name(sourceColumn), span), Expr(.literal(.string(leg.label)), span)), span)))
                    args.append(Argument(bag(packed[k])))
                }
                args.append(Argument(Expr(.literal(.typedNull(type: "dynamic")), span)))
                pack = Expr(.call(name: "case", nameSpan: span, args: args), span)
            }
            out.append(("pack_", pack))
        }
        var cols: [(name: String, expr: BoundExpr)] = []
        for (name, e) in out { cols.append((name, try bindScalar(e, schema: schema, scope: scope))) }
        return .project(.init(input: filtered, columns: uniquify(cols)))
    }

    /// One `project` column of find: the union column, converted to the type given.
    private func findProjectColumn(_ c: TypedName, schema: Schema, original: [String]) throws -> (name: String, expr: Expr) {
        let name = Expr(.name(c.name), c.span)
        if c.type.isEmpty {
            if schema.index(of: c.name) != nil { return (c.name, name) }
            if original.contains(c.name) {
                throw fail(.invalidOperatorArgument, "find: column '\(c.name)' has several types in the tables; give one (\(c.name):type)", c.span)
            }
            throw fail(.unknownName, "find: no table has a column '\(c.name)'", c.span)
        }
        guard let type = KQLType(name: c.type) else { throw fail(.unknownType, "unknown type '\(c.type)'", c.span) }
        let typedName = "\(c.name)_\(type.rawValue)"
        if let i = schema.index(of: c.name) {
            if schema.fields[i].type == type { return (c.name, name) }
            return (c.name, conversion(name, to: type, span: c.span))
        }
        if schema.index(of: typedName) != nil { return (typedName, Expr(.name(typedName), c.span)) }
        return (c.name, Expr(.literal(.typedNull(type: type.rawValue)), c.span))
    }

    private func conversion(_ e: Expr, to type: KQLType, span: Span) -> Expr {
        let fn: String
        switch type {
        case .bool: fn = "tobool"
        case .int: fn = "toint"
        case .long: fn = "tolong"
        case .real: fn = "toreal"
        case .decimal: fn = "todecimal"
        case .string: fn = "tostring"
        case .datetime: fn = "todatetime"
        case .timespan: fn = "totimespan"
        case .dynamic: fn = "todynamic"
        case .guid: fn = "toguid"
        }
        return Expr(.call(name: fn, nameSpan: span, args: [Argument(e)]), span)
    }

    /// The column names a find predicate mentions; `term` when it has a bare term or `*` (every column).
    private func findReferences(_ e: Expr, _ names: inout Set<String>, _ term: inout Bool) {
        switch e.kind {
        case .name(let n): names.insert(n)
        case .star: term = true
        case .literal(.string): term = true   // only reached at a predicate position (see below)
        case .paren(let x): findReferences(x, &names, &term)
        case .binary(let op, let a, let b):
            if op == .and || op == .or {
                findReferences(a, &names, &term); findReferences(b, &names, &term)
            } else {
                findOperandReferences(a, &names, &term); findOperandReferences(b, &names, &term)
            }
        case .call(let n, _, let args):
            if n == "not", args.count == 1 { findReferences(args[0].value, &names, &term) }
            else { for a in args { findOperandReferences(a.value, &names, &term) } }
        default: findOperandReferences(e, &names, &term)
        }
    }

    /// Names inside an operand (a string literal there is a value, not a term).
    private func findOperandReferences(_ e: Expr, _ names: inout Set<String>, _ term: inout Bool) {
        switch e.kind {
        case .name(let n): names.insert(n)
        case .star: term = true
        case .paren(let x), .unary(_, let x), .member(let x, _): findOperandReferences(x, &names, &term)
        case .binary(_, let a, let b), .index(let a, let b):
            findOperandReferences(a, &names, &term); findOperandReferences(b, &names, &term)
        case .call(_, _, let args): for a in args { findOperandReferences(a.value, &names, &term) }
        case .list(_, let x, let items):
            findOperandReferences(x, &names, &term)
            for i in items { findOperandReferences(i, &names, &term) }
        case .between(let x, let lo, let hi, _):
            findOperandReferences(x, &names, &term); findOperandReferences(lo, &names, &term); findOperandReferences(hi, &names, &term)
        default: break
        }
    }
}
