import KQLColumns
import KQLSyntax

extension Binder {
    /// `mv-expand [bagexpansion=bag|array] [with_itemindex=I] Col [to typeof(T)], Name = expr, ... [limit N]`.
    func bindMvExpand(parameters: [OperatorParameter], items: [Assignment], limit: Expr?, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        var fields = input.schema.fields
        var bagAsArray = false
        var itemIndexName: String?
        for p in parameters {
            switch p.name {
            case "kind", "bagexpansion":
                guard case .name(let v) = p.value.kind, v == "bag" || v == "array" else { throw fail(.invalidOperatorArgument, "mv-expand kind must be bag or array", p.value.span) }
                bagAsArray = v == "array"
            case "with_itemindex":
                guard case .name(let v) = p.value.kind else { throw fail(.invalidOperatorArgument, "with_itemindex expects a column name", p.value.span) }
                itemIndexName = v
            default: continue
            }
        }
        var specItems: [LogicalPlan.MvExpand.Item] = []
        for item in items {
            let bound = try bindScalar(item.value, schema: input.schema, scope: scope)
            guard bound.type == .dynamic else { throw fail(.invalidOperatorArgument, "mv-expand needs a dynamic array or bag, not \(bound.type)", item.value.span) }
            var type = KQLType.dynamic
            if let t = item.toType {
                guard let kt = KQLType(name: t) else { throw fail(.unknownType, "unknown type '\(t)'", item.value.span) }
                type = kt
            }
            let name: String
            if let n = item.names.first { name = n } else if let n = derivedName(item.value, fallback: nil) ?? firstColumnName(item.value) { name = n } else {
                throw fail(.invalidOperatorArgument, "mv-expand of an expression needs a name: Name = expr", item.value.span)
            }
            let output: Int
            if let i = fields.firstIndex(where: { $0.name == name }) { fields[i] = Field(name, type); output = i } else {
                fields.append(Field(name, type)); output = fields.count - 1
            }
            specItems.append(.init(expr: bound, output: output, type: type))
        }
        var indexColumn: Int?
        if let itemIndexName { fields.append(Field(itemIndexName, .long)); indexColumn = fields.count - 1 }
        var lim: Int?
        if let limit {
            guard let n = integerValue(try constant(limit, scope: scope)), n >= 0 else { throw fail(.invalidOperatorArgument, "mv-expand limit must be a non-negative integer", limit.span) }
            lim = Int(n)
        }
        return .mvExpand(.init(input: input, items: specItems, itemIndexColumn: indexColumn, limit: lim, bagAsArray: bagAsArray, schema: Schema(fields)))
    }
}


/// The first column an expression names (`parse_json(d)` → `d`), for mv-expand's output name.
func firstColumnName(_ e: Expr) -> String? {
    switch e.kind {
    case .name(let n): return n
    case .call(_, _, let args): return args.lazy.compactMap { firstColumnName($0.value) }.first
    case .member(let b, _), .index(let b, _), .paren(let b): return firstColumnName(b)
    default: return nil
    }
}
