import KQLColumns

extension Executor {
    /// `getschema`: one row per column of the described schema.
    func getSchemaTable(_ n: LogicalPlan.GetSchema) -> Table {
        let rows: [[Value]] = n.described.fields.enumerated().map { i, f in
            [.string(f.name), .long(Int64(i)), .string(dotNetTypeName(f.type)), .string(f.type.rawValue)]
        }
        return Table.fromRows(schema: n.schema, rows: rows)
    }
}

func dotNetTypeName(_ t: KQLType) -> String {
    switch t {
    case .bool: return "System.SByte"
    case .int: return "System.Int32"
    case .long: return "System.Int64"
    case .real: return "System.Double"
    case .decimal: return "System.Data.SqlTypes.SqlDecimal"
    case .string: return "System.String"
    case .datetime: return "System.DateTime"
    case .timespan: return "System.TimeSpan"
    case .dynamic: return "System.Object"
    case .guid: return "System.Guid"
    }
}
