import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate bag_unpack(Column [, OutputColumnPrefix] [, columnsConflict] [, ignoredProperties]) [: (schema)]`
    /// (bag-unpack-plugin.md).
    ///
    /// With an output schema, the columns are the schema's (`*` first: the input's columns but
    /// `Column`, then the schema's); a schema column named like an input column takes the input's
    /// values, any other takes the bag's slot of that name (less the prefix), cast to the declared
    /// type as `mv-expand ... to typeof()` does (a value of another type is null).
    ///
    /// Without one, the columns depend on the rows: the binder asks the session for the input's
    /// rows (`probedInput`) and derives them — the input's columns but `Column`, then one column
    /// per distinct top-level slot (prefixed), sorted by name, typed by the slot's values when they
    /// all have one type, else dynamic; null values are ignored (a slot only ever null gives no
    /// column). Later operators then bind against real columns, as in Kusto. A slot named like an
    /// input column is an error unless columnsConflict says replace_source or keep_source.
    func bindBagUnpack(args: [Argument], nameSpan: Span, outputSchema: [TypedName]?, input: LogicalPlan,
                       plugin: Expr, scope: Scope) throws -> LogicalPlan {
        var prefix = ""
        var conflict = "error"
        var ignored = Set<String>()
        var column: (index: Int, name: String)?
        let names = ["OutputColumnPrefix", "columnsConflict", "ignoredProperties"]
        for (i, a) in args.enumerated() {
            let key: String
            if let n = a.name {
                guard let k = names.first(where: { $0.lowercased() == n.lowercased() }) else {
                    throw fail(.invalidOperatorArgument, "bag_unpack has no argument '\(n)' (OutputColumnPrefix, columnsConflict, ignoredProperties)", a.value.span)
                }
                key = k
            } else if i == 0 {
                guard case .name(let n) = a.value.kind, let j = input.schema.index(of: n) else {
                    throw fail(.invalidOperatorArgument, "bag_unpack's first argument must be a column of the input", a.value.span)
                }
                guard input.schema.fields[j].type == .dynamic else {
                    throw fail(.invalidOperatorArgument, "bag_unpack needs a dynamic column, not \(input.schema.fields[j].type)", a.value.span)
                }
                column = (j, n)
                continue
            } else if i <= names.count {
                key = names[i - 1]
            } else {
                throw fail(.invalidOperatorArgument, "bag_unpack takes at most 4 arguments", a.value.span)
            }
            let v = try constant(a.value, scope: scope)
            switch key {
            case "OutputColumnPrefix":
                guard case .string(let s) = v else { throw fail(.invalidOperatorArgument, "bag_unpack's prefix must be a string", a.value.span) }
                prefix = s
            case "columnsConflict":
                guard case .string(let s) = v, ["error", "replace_source", "keep_source"].contains(s) else {
                    throw fail(.invalidOperatorArgument, "columnsConflict must be 'error', 'replace_source' or 'keep_source'", a.value.span)
                }
                conflict = s
            default:
                guard case .dynamic(let d) = v, case .array(let items) = d else {
                    if v.isNull { continue }
                    throw fail(.invalidOperatorArgument, "ignoredProperties must be a dynamic array of names", a.value.span)
                }
                for item in items {
                    guard case .string(let s) = item else { throw fail(.invalidOperatorArgument, "ignoredProperties must hold names (strings)", a.value.span) }
                    ignored.insert(s)
                }
            }
        }
        guard let column else { throw fail(.invalidOperatorArgument, "bag_unpack needs the column to unpack", nameSpan) }
        let inFields = input.schema.fields
        let others = inFields.indices.filter { $0 != column.index }
        var outputs: [LogicalPlan.BagUnpack.Output] = []
        var fields: [Field] = []

        if let outputSchema {
            for (k, t) in outputSchema.enumerated() {
                if t.name == "*" {
                    guard k == 0 else { throw fail(.invalidOperatorArgument, "'*' must come first in the output schema", t.span) }
                    for i in others { outputs.append(.input(i)); fields.append(inFields[i]) }
                    continue
                }
                guard let type = KQLType(name: t.type) else { throw fail(.unknownType, "unknown type '\(t.type)'", t.span) }
                if fields.contains(where: { $0.name == t.name }) {
                    throw fail(.invalidOperatorArgument, "column '\(t.name)' is already in the output (an input column kept by '*', or named twice)", t.span)
                }
                if let i = others.first(where: { inFields[$0].name == t.name }), conflict != "replace_source" {
                    guard inFields[i].type == type else {
                        throw fail(.invalidOperatorArgument, "'\(t.name)' is an input column of type \(inFields[i].type), not \(type)", t.span)
                    }
                    outputs.append(.input(i)); fields.append(inFields[i])
                    continue
                }
                guard t.name.hasPrefix(prefix) else {
                    throw fail(.invalidOperatorArgument, "'\(t.name)' is neither an input column nor a slot with the prefix '\(prefix)'", t.span)
                }
                let slot = String(t.name.dropFirst(prefix.count))
                if ignored.contains(slot) {
                    outputs.append(.constantNull); fields.append(Field(t.name, type))
                } else {
                    outputs.append(.slot(slot, type)); fields.append(Field(t.name, type))
                }
            }
            return .bagUnpack(.init(input: input, source: column.index, outputs: outputs, schema: Schema(fields)))
        }

        // No schema: the columns come from the rows. Inside an mv-apply subquery the rows differ
        // per input row, so one probe cannot give the columns.
        if input.readsOuterApplyInput {
            throw fail(.unsupportedOperatorForm, "bag_unpack inside mv-apply needs an output schema: evaluate bag_unpack(...) : (*, Name:type, ...)", nameSpan)
        }
        let rows = try probedInput(input, span: nameSpan, plugin: "bag_unpack")
        var slotTypes: [String: KQLType] = [:]
        for b in rows.batches {
            guard column.index < b.columns.count else { continue }
            let col = b.columns[column.index]
            for r in 0..<b.count {
                guard case .dynamic(.object(let bag)) = col.value(at: r) else { continue }
                for (key, value) in zip(bag.keys, bag.values) where !ignored.contains(key) {
                    guard let t = slotType(value) else { continue }
                    if let seen = slotTypes[key] { if seen != t { slotTypes[key] = .dynamic } } else {
                        slotTypes[key] = t
                        try checkDataColumns(slotTypes.count, plugin: "bag_unpack", nameSpan)
                    }
                }
            }
        }
        var slots = slotTypes.keys.sorted().map { (name: prefix + $0, slot: $0, type: slotTypes[$0] ?? .dynamic) }
        var kept = others
        for s in slots where others.contains(where: { inFields[$0].name == s.name }) {
            switch conflict {
            case "replace_source": kept.removeAll { inFields[$0].name == s.name }
            case "keep_source": slots.removeAll { $0.name == s.name }
            default:
                throw fail(.invalidOperatorArgument, "bag_unpack: the slot '\(s.slot)' gives a column '\(s.name)' the input already has; pass a prefix, or columnsConflict='replace_source' or 'keep_source'", nameSpan)
            }
        }
        for i in kept { outputs.append(.input(i)); fields.append(inFields[i]) }
        for s in slots { outputs.append(.slot(s.slot, s.type)); fields.append(Field(s.name, s.type)) }
        let rowsPlan = LogicalPlan.values(.init(table: rows))
        return .bagUnpack(.init(input: rowsPlan, source: column.index, outputs: outputs, schema: Schema(fields)))
    }

    /// The column type a slot value gives (nil for null, which bag_unpack ignores).
    private func slotType(_ v: DynamicValue) -> KQLType? {
        switch v {
        case .null: return nil
        case .bool: return .bool
        case .long: return .long
        case .real: return .real
        case .string: return .string
        case .datetime: return .datetime
        case .timespan: return .timespan
        case .guid: return .guid
        case .array, .object: return .dynamic
        }
    }
}
