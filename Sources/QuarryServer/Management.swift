import KQLColumns
import KQLEngine
import QuarryWorkspace

/// The control commands Kusto's clients send on their own (`POST /v1/rest/mgmt`), answered from
/// the bound databases; any other command is a 400 naming it. Column sets follow the management
/// pages (show-databases.md, show-tables-command.md, show-table-schema-command.md,
/// show-schema-database.md, show-function.md).
enum Management {
    static let version = "0.1.0"

    static func run(_ text: String, database: String, server: KustoServer) throws -> ResultTable {
        let words = tokens(text)
        let lower = words.map { $0.lowercased() }
        func table(_ schema: Schema, _ rows: [[Value]]) -> ResultTable { ResultTable(name: "Table_0", kind: "PrimaryResult", schema: schema, rows: rows) }
        switch lower {
        case [".show", "version"]:
            // Decision: show-version's columns as Kusto's clients read them (BuildVersion, BuildTime, ServiceType, ProductVersion, ServiceOffering).
            return table(Schema([Field("BuildVersion", .string), Field("BuildTime", .datetime), Field("ServiceType", .string),
                                 Field("ProductVersion", .string), Field("ServiceOffering", .string)]),
                         [[.string(version), .null(.datetime), .string("Quarry"), .string("quarry \(version)"),
                           .string("{\"Type\":\"Quarry\"}")]])
        case [".show", "databases"]:
            let schema = Schema([Field("DatabaseName", .string), Field("PersistentStorage", .string), Field("Version", .string),
                                 Field("IsCurrent", .bool), Field("DatabaseAccessMode", .string), Field("PrettyName", .string),
                                 Field("DatabaseId", .guid), Field("InTransitionTo", .string), Field("SuspensionState", .string)])
            return table(schema, server.databaseNames.map { name in
                [.string(name), .string(""), .string("v1.0"), .bool(name == database), .string("ReadOnly"), .string(""),
                 .null(.guid), .string(""), .string("")]
            })
        case [".show", "tables"]:
            let names = try server.tables(database).keys.sorted()
            return table(Schema([Field("TableName", .string), Field("DatabaseName", .string), Field("Folder", .string), Field("DocString", .string)]),
                         names.map { [.string($0), .string(database), .string(""), .string("")] })
        case [".show", "functions"]:
            // Stored functions: a folder has none.
            return table(Schema([Field("Name", .string), Field("Parameters", .string), Field("Body", .string), Field("Folder", .string),
                                 Field("DocString", .string)]), [])
        default:
            break
        }
        if lower.count == 6, lower[0] == ".show", lower[1] == "table", lower[3...] == ["schema", "as", "json"] {
            let name = unquote(words[2])
            let tables = try server.tables(database)
            guard let t = tables[name] ?? tables.first(where: { $0.key.lowercased() == name.lowercased() })?.value else {
                throw KustoError.notFound("Table '\(name)' was not found in database '\(database)'")
            }
            let realName = tables[name] != nil ? name : tables.first(where: { $0.key.lowercased() == name.lowercased() })!.key
            var w = JSONWriter()
            tableSchemaJSON(realName, t.schema, into: &w)
            return table(Schema([Field("TableName", .string), Field("Schema", .string), Field("DatabaseName", .string),
                                 Field("Folder", .string), Field("DocString", .string)]),
                         [[.string(realName), .string(String(decoding: w.bytes, as: UTF8.self)), .string(database), .string(""), .string("")]])
        }
        if lower.count >= 3, lower[0] == ".show", lower[1] == "database", lower.count == 4 || lower.count == 6,
           lower[3] == "schema", lower.count == 4 || lower[4...] == ["as", "json"] {
            let db = unquote(words[2])
            guard let resolved = server.resolveDatabase(db) else { throw KustoError.notFound(server.unknownDatabase(db)) }
            let tables = try server.tables(resolved)
            if lower.count == 6 {
                var w = JSONWriter()
                w.raw("{\"Databases\":{"); w.string(resolved); w.raw(":{\"Name\":"); w.string(resolved); w.raw(",\"Tables\":{")
                for (i, name) in tables.keys.sorted().enumerated() {
                    if i > 0 { w.raw(",") }
                    w.string(name); w.raw(":")
                    tableSchemaJSON(name, tables[name]!.schema, into: &w)
                }
                w.raw("},\"PrettyName\":null,\"MajorVersion\":1,\"MinorVersion\":0,\"Functions\":{}}}}")
                // Decision: the column is DatabaseSchema, as Kusto's clients read it.
                return table(Schema([Field("DatabaseSchema", .string)]), [[.string(String(decoding: w.bytes, as: UTF8.self))]])
            }
            let schema = Schema([Field("DatabaseName", .string), Field("TableName", .string), Field("ColumnName", .string),
                                 Field("ColumnType", .string), Field("IsDefaultTable", .bool), Field("IsDefaultColumn", .bool),
                                 Field("PrettyName", .string), Field("Version", .string)])
            var rows: [[Value]] = [[.string(resolved), .string(""), .string(""), .string(""), .bool(false), .bool(false), .string(""), .string("v1.0")]]
            for name in tables.keys.sorted() {
                rows.append([.string(resolved), .string(name), .string(""), .string(""), .bool(true), .bool(false), .string(""), .string("")])
                for f in tables[name]!.schema.fields {
                    rows.append([.string(resolved), .string(name), .string(f.name), .string("System." + KustoTypes.dotNetName(f.type)),
                                 .bool(true), .bool(false), .string(""), .string("")])
                }
            }
            return table(schema, rows)
        }
        throw KustoError.badRequest("Not supported: the management command '\(text.trimmingCharacters(in: .whitespacesAndNewlines))' is not supported by quarry serve (it answers .show version, .show databases, .show tables, .show table T schema as json, .show database DB schema [as json], .show functions)")
    }

    /// `{"Name": T, "OrderedColumns": [{"Name", "Type" (.NET), "CslType"}]}`.
    static func tableSchemaJSON(_ name: String, _ schema: Schema, into w: inout JSONWriter) {
        w.raw("{\"Name\":"); w.string(name)
        w.raw(",\"DefaultColumn\":null,\"Folder\":null,\"DocString\":null,\"OrderedColumns\":[")
        for (i, f) in schema.fields.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"Name\":"); w.string(f.name)
            w.raw(",\"Type\":"); w.string("System." + KustoTypes.dotNetName(f.type))
            w.raw(",\"CslType\":"); w.string(f.type.rawValue)
            w.raw("}")
        }
        w.raw("]}")
    }

    /// Words of a command: whitespace-separated, with `['a b']`, `["a b"]` and quoted names kept whole.
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quote: Character? = nil
        for c in text {
            if let q = quote {
                cur.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                cur.append(c); quote = c
            } else if c.isWhitespace {
                if !cur.isEmpty { out.append(cur); cur = "" }
            } else {
                cur.append(c)
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// `['T']`, `["T"]`, `'T'`, `"T"` → T.
    static func unquote(_ s: String) -> String {
        var t = Substring(s)
        if t.hasPrefix("["), t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        if t.count >= 2, let f = t.first, f == "'" || f == "\"", t.last == f { t = t.dropFirst().dropLast() }
        return String(t)
    }
}
