import KQLColumns
import KQLSyntax

extension Binder {
    /// `pack_all([ignore_null_empty])` (pack-all-function.md): a property bag of every column of the
    /// row, keyed by column name; with `true`, null and empty values are left out. Binder-level
    /// like column_ifexists: which columns it reads depends on the input schema. Returns nil for
    /// any other call.
    func bindPackAll(_ name: String, nameSpan: Span, args: [Argument], schema: Schema, scope: Scope) throws -> BoundExpr? {
        guard name == "pack_all" else { return nil }
        guard args.count <= 1 else { throw fail(.argumentCount, "pack_all() expects 0 or 1 arguments, got \(args.count)", nameSpan) }
        var ignoreNullEmpty = false
        if let a = args.first {
            let b = try bindScalar(a.value, schema: schema, scope: scope)
            guard b.type == .bool, case .bool(let v)? = b.constantValue else {
                throw fail(.argumentType, "pack_all(): ignore_null_empty must be a constant bool", a.value.span)
            }
            ignoreNullEmpty = v
        }
        var width = schema.fields.count
        if let input = extendInputColumns, input.count <= width, Array(schema.names.prefix(input.count)) == input {
            width = input.count
        }
        let names = schema.fields.prefix(width).map(\.name)
        let columns: [BoundExpr] = (0..<width).map { .column(index: $0, type: schema.fields[$0].type) }
        let f = BoundFunction(name: "pack_all", resultType: .dynamic, kernel: .row({ values in
            var bag = PropertyBag()
            for (i, v) in values.enumerated() {
                if ignoreNullEmpty && (v.isNull || isEmptyValue(v)) { continue }
                bag[names[i]] = toDynamic(v)
            }
            return .dynamic(.object(bag))
        }))
        return .call(f, columns)
    }
}
