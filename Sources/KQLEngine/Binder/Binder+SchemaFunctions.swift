import KQLColumns
import KQLSyntax

// Scalar functions whose arguments are column names or a table, so the binder handles them like
// column_ifexists and pack_all (they are listed by `quarry functions` through BuiltinFunctions):
// - bag_pack_columns(c1, c2, …) (bag-pack-columns-function.md): a bag keyed by the column names;
//   every argument must be a column of the input (Kusto: "Column name expected").
// - column_names_of(T) (column-names-of-function.md): T's column names, a constant dynamic array.
// - estimate_data_size(c1, … | *) (estimate-data-size-function.md): the bytes of the referenced
//   columns' values. The page gives a long 8 bytes and a string its length; Quarry's other sizes
//   (not documented): bool 1, int 4, real, datetime and timespan 8, guid 16, a string its UTF-8 bytes,
//   a dynamic value its JSON text's bytes plus 8 (so that it exceeds the same text as a string, as the
//   page notes), null 0.
extension Binder {
    func bindSchemaFunction(_ name: String, nameSpan: Span, args: [Argument], schema: Schema, scope: Scope) throws -> BoundExpr? {
        switch name {
        case "bag_pack_columns": return try bindBagPackColumns(nameSpan: nameSpan, args: args, schema: schema)
        case "column_names_of": return try bindColumnNamesOf(nameSpan: nameSpan, args: args, scope: scope)
        case "estimate_data_size": return try bindEstimateDataSize(nameSpan: nameSpan, args: args, schema: schema)
        default: return nil
        }
    }

    /// The input columns each argument names (`*`: every input column when `star` is allowed).
    private func namedColumns(_ function: String, args: [Argument], schema: Schema, star: Bool) throws -> [(String, BoundExpr)] {
        var out: [(String, BoundExpr)] = []
        for (k, a) in args.enumerated() {
            switch a.value.kind {
            case .star where star:
                var width = schema.fields.count
                if let input = extendInputColumns, input.count <= width, Array(schema.names.prefix(input.count)) == input { width = input.count }
                for i in 0..<width { out.append((schema.fields[i].name, .column(index: i, type: schema.fields[i].type))) }
            case .name(let n) where schema.index(of: n) != nil:
                let i = schema.index(of: n) ?? 0
                out.append((n, .column(index: i, type: schema.fields[i].type)))
            default:
                throw fail(.argumentType, "\(function)(): argument \(k + 1) must be a column name of the input\(star ? " or *" : "")", a.value.span)
            }
        }
        return out
    }

    private func bindBagPackColumns(nameSpan: Span, args: [Argument], schema: Schema) throws -> BoundExpr {
        guard !args.isEmpty else { throw fail(.argumentCount, "bag_pack_columns() expects at least 1 argument, got 0", nameSpan) }
        let columns = try namedColumns("bag_pack_columns", args: args, schema: schema, star: false)
        let names = columns.map(\.0)
        let f = BoundFunction(name: "bag_pack_columns", resultType: .dynamic, kernel: .row({ values in
            var bag = PropertyBag()
            for (i, v) in values.enumerated() where i < names.count { bag[names[i]] = toDynamic(v) }
            return .dynamic(.object(bag))
        }))
        return .call(f, columns.map(\.1))
    }

    private func bindColumnNamesOf(nameSpan: Span, args: [Argument], scope: Scope) throws -> BoundExpr {
        guard args.count == 1 else { throw fail(.argumentCount, "column_names_of() expects 1 argument, got \(args.count)", nameSpan) }
        guard isTabular(args[0].value, scope: scope) else {
            throw fail(.tabularScalarMismatch, "column_names_of(): the argument must be a tabular expression (a table, a tabular let or a function returning a table)", args[0].value.span)
        }
        let plan = try bindTabular(args[0].value, scope: scope)
        return .constant(.dynamic(.array(plan.schema.names.map { .string($0) })))
    }

    private func bindEstimateDataSize(nameSpan: Span, args: [Argument], schema: Schema) throws -> BoundExpr {
        guard !args.isEmpty else { throw fail(.argumentCount, "estimate_data_size() expects at least 1 argument, got 0", nameSpan) }
        let columns = try namedColumns("estimate_data_size", args: args, schema: schema, star: true)
        let f = BoundFunction(name: "estimate_data_size", resultType: .long, kernel: .row({ values in
            .long(values.reduce(0) { $0 + estimatedSize($1) })
        }))
        return .call(f, columns.map(\.1))
    }
}

/// The bytes estimate_data_size counts for one value (see the header).
func estimatedSize(_ v: Value) -> Int64 {
    switch v {
    case .null, .dynamic(.null): return 0
    case .bool: return 1
    case .int: return 4
    case .long, .real, .datetime, .timespan: return 8
    case .guid, .decimal: return 16
    case .string(let s): return Int64(s.utf8.count)
    case .dynamic(let d): return Int64(JSON.serialize(d).utf8.count) + 8
    }
}
