import CByteScan
import Foundation
import KQLColumns

/// Which schema dialect a form describes: Defender Advanced Hunting (`Timestamp`) or
/// Sentinel / Log Analytics (`TimeGenerated`, `TenantId`, `Type`, ...).
public enum CatalogFormKind: String, Sendable, CaseIterable {
    case advancedHunting
    case sentinel
}

/// One documented schema of a table in one dialect.
public struct CatalogForm: Sendable {
    public var table: String
    public var kind: CatalogFormKind
    /// `Timestamp` or `TimeGenerated`.
    public var timeColumn: String
    public var schema: Schema
    let index: [String: Int]

    init(table: String, kind: CatalogFormKind, timeColumn: String, schema: Schema) {
        self.table = table
        self.kind = kind
        self.timeColumn = timeColumn
        self.schema = schema
        var idx: [String: Int] = [:]
        for (i, f) in schema.fields.enumerated() { idx[f.name] = i }
        index = idx
    }

    /// The documented type of a column in this form (case-sensitive, as in Kusto).
    public func type(of column: String) -> KQLType? { index[column].map { schema.fields[$0].type } }

    /// The position of a column in this form's documented order.
    public func position(of column: String) -> Int? { index[column] }
}

/// The documented schemas of the Defender/Sentinel tables Quarry knows, loaded lazily from
/// `Catalog/catalog.json` (bundled resource) on first use.
public enum SchemaCatalog {
    struct Entry: Sendable {
        var name: String
        var forms: [CatalogForm]
        /// Other spellings hunts use for the table (`aliases` in catalog.json, from
        /// tools/catalog/sources/aliases.tsv): `GraphAPIAuditEvents` for `GraphApiAuditEvents`.
        var aliases: [String] = []
        /// A Sentinel parser function hunts read like a table (`"function": true`), not a table.
        var isFunction = false
    }

    /// Loaded once, thread-safely (a `static let` is lazily initialised exactly once).
    static let entries: [String: Entry] = load("catalog")


    /// An alias whose lowercase form differs from its table's → that table's key in `entries`
    /// (aliases that differ only in case already share the table's key).
    static let aliasKeys: [String: String] = {
        var out: [String: String] = [:]
        for (key, e) in entries {
            for a in e.aliases where a.lowercased() != key && entries[a.lowercased()] == nil { out[a.lowercased()] = key }
        }
        return out
    }()

    static func entry(_ table: String) -> Entry? {
        let key = table.lowercased()
        return entries[key] ?? aliasKeys[key].flatMap { entries[$0] } ?? extendedEntry(key)
    }

    /// Whether a table is in the extended catalog only (see `extendedIndex`).
    public static func isExtended(_ table: String) -> Bool {
        let key = table.lowercased()
        return entries[key] == nil && aliasKeys[key] == nil && extendedIndex.lines[key] != nil
    }

    /// Canonical names of every table of the core catalog (aliases are not listed; nor is the
    /// extended catalog, whose tables are found by name: `canonicalName`, `lookup`).
    public static var tableNames: [String] { entries.values.map(\.name).sorted() }

    /// Canonical names of the extended catalog's tables (`extendedIndex`).
    public static var extendedTableNames: [String] { extendedIndex.lines.values.map(\.name).sorted() }

    /// The canonical spelling of a table name (case-insensitive match, aliases included), or nil when unknown.
    public static func canonicalName(_ table: String) -> String? { entry(table)?.name }

    /// The core catalog's tables (names and aliases) that only a workspace with some connector or
    /// solution has: custom logs (`…_CL`) and Sentinel parser functions. Checked against the
    /// catalog (`quarry check`), `union *`, `search *` and `find` leave them out: a wildcard reads
    /// the workspace's tables, and a hunt's `union *` over Defender or Sentinel tables must not
    /// meet SalesforceServiceCloud's `Timestamp` (a string), which no such workspace holds with
    /// them. Named, they bind as always.
    public static let workspaceContentTables: Set<String> = {
        var out = Set<String>()
        for e in entries.values where e.isFunction || e.name.lowercased().hasSuffix("_cl") {
            out.insert(e.name)
            out.formUnion(e.aliases)
        }
        return out
    }()

    /// The other spellings a table is bound under besides its canonical name (empty for most).
    public static func aliases(of table: String) -> [String] { entry(table)?.aliases ?? [] }

    /// All forms of a table (case-insensitive name, aliases included); empty when the table is unknown.
    public static func lookup(table: String) -> [CatalogForm] { entry(table)?.forms ?? [] }

    /// Every catalogued table with the columns of all its forms (Advanced Hunting and Sentinel,
    /// first form's order first), since a hunt may be written for either: what `quarry check`
    /// and the binder fuzzer bind against. A table's aliases (`GraphAPIAuditEvents` for
    /// `GraphApiAuditEvents`) are keys too, with the same schema: Kusto table names are
    /// case-sensitive, so a hunt's spelling must be bound as written.
    public static func allFormsSchemas(sentinelFirst: Bool = false) -> [String: Schema] {
        var out: [String: Schema] = [:]
        for name in tableNames {
            var fields: [Field] = []
            let forms = lookup(table: name)
            for form in sentinelFirst ? forms.filter({ $0.kind == .sentinel }) + forms.filter({ $0.kind != .sentinel }) : forms {
                for f in form.schema.fields where !fields.contains(where: { $0.name == f.name }) { fields.append(f) }
            }
            out[name] = Schema(fields)
            for alias in aliases(of: name) where out[alias] == nil { out[alias] = out[name] }
        }
        return out
    }

    /// Tables whose columns beyond the catalogued ones vary per workspace, named with a type
    /// suffix (Azure Monitor's AzureDiagnostics: `_s` string, `_d` real, `_b` bool, `_g` guid,
    /// `_t` datetime; the catalogued 200 are those every workspace has).
    public static let openSchemaTables: Set<String> = ["AzureDiagnostics"]

    /// The suffix-typed columns `queryText` names that `schema` lacks, for an open-schema table bound
    /// from the catalog alone (`quarry check`, `explain`, the corpus run): such a column exists
    /// wherever the hunt's resource type logs. Names a `let` or an assignment defines are left alone
    /// (Sentinel rules write `x_g = column_ifexists("x_g", "None")` for columns that may be absent),
    /// and so is text
    /// inside string literals and comments (`column_ifexists("x_s", "")` must keep its default).
    public static func openSchemaColumns(in queryText: String, beyond schema: Schema) -> [Field] {
        openSchemaColumns(in: queryWords(queryText), beyond: schema)
    }

    static func openSchemaColumns(in scan: (words: [String], assigned: Set<String>), beyond schema: Schema) -> [Field] {
        let (words, assigned) = scan
        var letNames = assigned
        for (k, w) in words.enumerated() where w == "let" && k + 1 < words.count { letNames.insert(words[k + 1]) }
        let known = Set(schema.names)
        var seen = Set<String>(), out: [Field] = []
        for w in words where !known.contains(w) && !letNames.contains(w) && !seen.contains(w) {
            guard w.count > 2, let first = w.utf8.first, !(first >= 48 && first <= 57),
                  w.utf8.dropLast().last == UInt8(ascii: "_") else { continue }
            let type: KQLType
            switch w.utf8.last {
            case UInt8(ascii: "s"): type = .string
            case UInt8(ascii: "d"): type = .real
            case UInt8(ascii: "b"): type = .bool
            case UInt8(ascii: "g"): type = .guid
            case UInt8(ascii: "t"): type = .datetime
            default: continue
            }
            seen.insert(w)
            out.append(Field(w, type))
        }
        return out
    }

    /// The words (identifiers) of a query's text outside string literals and comments, in order,
    /// and those assigned with `name = …` (not `==` or `=~`).
    static func queryWords(_ queryText: String) -> (words: [String], assigned: Set<String>) {
        let bytes = Array(queryText.utf8)
        func isWord(_ c: UInt8) -> Bool { c == 95 || (c >= 48 && c <= 57) || (c | 0x20 >= 97 && c | 0x20 <= 122) }
        var words: [String] = [], assigned = Set<String>(), i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") {
                while i < bytes.count && bytes[i] != 10 { i += 1 }
                continue
            }
            if c == UInt8(ascii: "`"), i + 2 < bytes.count, bytes[i + 1] == c, bytes[i + 2] == c {   // a ```multi-line``` string
                i += 3
                while i + 2 < bytes.count && !(bytes[i] == c && bytes[i + 1] == c && bytes[i + 2] == c) { i += 1 }
                i += 3
                continue
            }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let verbatim = i > 0 && bytes[i - 1] == UInt8(ascii: "@")
                i += 1
                while i < bytes.count && bytes[i] != c && bytes[i] != 10 {
                    i += (!verbatim && bytes[i] == UInt8(ascii: "\\")) ? 2 : 1
                }
                i += 1
                continue
            }
            guard isWord(c) else { i += 1; continue }
            let start = i
            while i < bytes.count && isWord(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            words.append(word)
            // `name = …` (not `==` or `=~`): the query computes it (`x_g = column_ifexists("x_g", "")`).
            var j = i
            while j < bytes.count && (bytes[j] == 32 || bytes[j] == 9 || bytes[j] == 10 || bytes[j] == 13) { j += 1 }
            if j + 1 < bytes.count, bytes[j] == UInt8(ascii: "="), bytes[j + 1] != UInt8(ascii: "="), bytes[j + 1] != UInt8(ascii: "~") {
                assigned.insert(word)
            }
        }
        return (words, assigned)
    }

    /// `allFormsSchemas()` with the extended catalog's tables `queryText` names, each open-schema
    /// table's suffix-typed columns that `queryText` names, and, when `queryText` names `TimeGenerated`, that column on the tables only Advanced Hunting
    /// has (`advancedHuntingTimeGenerated`).
    public static func allFormsSchemas(for queryText: String) -> [String: Schema] {
        let scan = queryWords(queryText)   // once: every rule below reads the hunt's words
        let words = Set(scan.words)
        var schemas = allFormsSchemas(sentinelFirst: writtenForSentinel(words))
        // The extended catalog's tables the query names, spelled as catalogued (Kusto table names
        // are case-sensitive).
        for word in words where schemas[word] == nil && isExtended(word) {
            guard let e = entry(word), e.name == word, let form = e.forms.first else { continue }
            schemas[word] = form.schema
        }
        for name in openSchemaTables {
            guard let schema = schemas[name] else { continue }
            let open = Schema(schema.fields + openSchemaColumns(in: scan, beyond: schema))
            for key in [name] + aliases(of: name) { schemas[key] = open }
        }
        // Decision (README, "Checking against the catalog"): hunts written in the Defender portal's
        // unified advanced hunting read `TimeGenerated` on tables only Advanced Hunting has
        // (OAuthAppInfo, AIAgentsInfo, AADSignInEventsBeta, BehaviorInfo… in published hunts such as
        // Bert-Jan Pals' and benscha/KQLAdvancedHunting), and Defender XDR tables in a Sentinel
        // workspace carry TimeGenerated beside Timestamp (defender-docs
        // advanced-hunting-microsoft-defender.md). Against the catalog such a table therefore gets a
        // `TimeGenerated` datetime when the hunt names it. Against files, the files' columns decide,
        // as always: an export without TimeGenerated is an error that says which form it is in.
        if words.contains("TimeGenerated") {
            for name in tableNames {
                let forms = lookup(table: name)
                guard forms.contains(where: { $0.kind == .advancedHunting }), !forms.contains(where: { $0.kind == .sentinel }),
                      let schema = schemas[name], schema.index(of: "TimeGenerated") == nil else { continue }
                let widened = Schema(schema.fields + [Field("TimeGenerated", .datetime)])
                for key in [name] + aliases(of: name) { schemas[key] = widened }
            }
        }
        return schemas
    }

    /// Decision (README, "Checking against the catalog"): a hunt that names `TimeGenerated` and
    /// not `Timestamp` is written for Sentinel, where Defender tables type JSON columns dynamic
    /// (DeviceNetworkInfo's IPAddresses, AlertEvidence's AdditionalFields) that Advanced Hunting
    /// types string: checked against the catalog, a table with both forms takes the Sentinel
    /// form's columns (and types) first, as a Sentinel export of it would be read.
    public static func writtenForSentinel(_ queryText: String) -> Bool {
        queryText.contains("TimeGenerated") && writtenForSentinel(Set(queryWords(queryText).words))
    }

    static func writtenForSentinel(_ words: Set<String>) -> Bool {
        words.contains("TimeGenerated") && !words.contains("Timestamp")
    }

    /// A form's schema, with the suffix-typed columns `queryText` names when its table is open.
    public static func schema(of form: CatalogForm, for queryText: String) -> Schema {
        guard openSchemaTables.contains(form.table) else { return form.schema }
        return Schema(form.schema.fields + openSchemaColumns(in: queryText, beyond: form.schema))
    }

    /// The form of `table` that fits a file's columns: Sentinel when `TimeGenerated` is present,
    /// Advanced Hunting when `Timestamp` is; otherwise the form sharing the most column
    /// names (Advanced Hunting on a tie). Nil when the table is unknown.
    public static func form<C: Collection>(table: String, columns: C) -> CatalogForm? where C.Element == String {
        let forms = lookup(table: table)
        guard !forms.isEmpty else { return nil }
        let names = Set(columns)
        // TimeGenerated first: no Advanced Hunting form has it, while a few Sentinel forms also
        // carry a Timestamp column (DeviceTvmSoftwareVulnerabilitiesKB, GCPAuditLogs, …).
        if names.contains("TimeGenerated"), let f = forms.first(where: { $0.kind == .sentinel }) { return f }
        if names.contains("Timestamp"), let f = forms.first(where: { $0.kind == .advancedHunting }) { return f }
        var best = forms[0], bestScore = -1
        for f in forms {
            let score = f.schema.fields.reduce(0) { $0 + (names.contains($1.name) ? 1 : 0) }
            if score > bestScore { best = f; bestScore = score }
        }
        return best
    }

    /// The type of `column` in `form`, falling back to the table's other forms (e.g. `MachineGroup`
    /// inside Advanced Hunting streaming records is typed from the Sentinel form).
    public static func type(of column: String, in form: CatalogForm) -> KQLType? {
        if let t = form.type(of: column) { return t }
        for other in lookup(table: form.table) where other.kind != form.kind {
            if let t = other.type(of: column) { return t }
        }
        return nil
    }

    /// The table a Streaming API `category` names (`AdvancedHunting-DeviceNetworkEvents` →
    /// `DeviceNetworkEvents`), canonicalised when catalogued.
    public static func table(fromCategory category: String) -> String {
        var name = Substring(category)
        let prefix = "advancedhunting-"
        if name.lowercased().hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
        return canonicalName(String(name)) ?? String(name)
    }

    /// The table a file or folder name implies: `DeviceNetworkEvents.csv`, `DeviceNetworkEvents`,
    /// `insights-logs-advancedhunting-devicenetworkevents`, `am-DeviceNetworkEvents`, and the
    /// names downloads and exports give copies of them: a browser's ` (1)`, a `-2` or `_3`, a
    /// date or time stamp (`DeviceNetworkEvents_2024-06-01.csv`,
    /// `DeviceNetworkEvents-20240601T1000.csv`). Nil when the name is not a catalogued table
    /// (callers may still use `ExportName.stem`, which drops only the browser suffix).
    public static func table(fromPathComponent component: String) -> String? {
        let stem = ExportName.stem(component)
        for candidate in ExportName.stampless(stem) {
            if let t = canonicalName(candidate) { return t }
            let lower = candidate.lowercased()
            for prefix in ["insights-logs-advancedhunting-", "advancedhunting-", "am-"] where lower.hasPrefix(prefix) {
                if let t = canonicalName(String(lower.dropFirst(prefix.count))) { return t }
            }
        }
        return nil
    }

    static func resourceBytes(_ resource: String) -> [UInt8]? {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Catalog"),
              let data = try? Data(contentsOf: url) else {
            assertionFailure("QuarryIO: schema catalog resource \(resource).json missing or unreadable")
            return nil
        }
        return [UInt8](data)
    }

    static func load(_ resource: String) -> [String: Entry] {
        guard let bytes = resourceBytes(resource), let root = try? JSON.parse(bytes) else { return [:] }
        var out: [String: Entry] = [:]
        guard case .object(let top) = root, case .array(let tables)? = top["tables"] else { return [:] }
        for t in tables {
            guard let e = parseEntry(t) else { continue }
            out[e.name.lowercased()] = e
        }
        return out
    }

    static func parseEntry(_ t: DynamicValue) -> Entry? {
        guard case .object(let tb) = t, case .string(let name)? = tb["name"], case .array(let forms)? = tb["forms"] else { return nil }
        var aliases: [String] = []
        if case .array(let list)? = tb["aliases"] {
            for case .string(let a) in list { aliases.append(a) }
        }
        var parsed: [CatalogForm] = []
        for f in forms {
            guard case .object(let fb) = f, case .string(let kindName)? = fb["kind"],
                  let kind = CatalogFormKind(rawValue: kindName),
                  case .string(let timeColumn)? = fb["timeColumn"], case .array(let cols)? = fb["columns"] else { continue }
            var fields: [Field] = []
            for c in cols {
                guard case .array(let pair) = c, pair.count == 2, case .string(let cn) = pair[0],
                      case .string(let tn) = pair[1], let type = KQLType(name: tn) else { continue }
                fields.append(Field(cn, type))
            }
            parsed.append(CatalogForm(table: name, kind: kind, timeColumn: timeColumn, schema: Schema(fields)))
        }
        var isFunction = false
        if case .bool(true)? = tb["function"] { isFunction = true }
        return Entry(name: name, forms: parsed, aliases: aliases, isFunction: isFunction)
    }

    /// The extended catalog as bytes and an index of its lines: build_catalog.py writes one
    /// table a line, each starting `{"name":"<Table>"`, so finding a table costs a scan of the
    /// names, and only the tables a query names are parsed (`extendedEntry`).
    struct LineIndex: Sendable {
        var bytes: [UInt8] = []
        var lines: [String: (name: String, range: Range<Int>)] = [:]   // lowercased name -> the name, the table's JSON object

        init(_ resource: String) {
            guard let bytes = SchemaCatalog.resourceBytes(resource) else { return }
            self.bytes = bytes
            let needle = Array("\n{\"name\":\"".utf8)   // each table's line starts with it
            var lines: [String: (name: String, range: Range<Int>)] = [:]
            bytes.withUnsafeBufferPointer { buf in
                guard let p = buf.baseAddress else { return }
                let n = Int64(buf.count)
                needle.withUnsafeBufferPointer { nb in
                    guard let np = nb.baseAddress else { return }
                    var at = qs_find(p, n, 0, np, Int64(nb.count))
                    while at < n {
                        let start = Int(at) + 1, nameStart = Int(at) + nb.count
                        let nameEnd = Int(qs_find_byte(p, n, Int64(nameStart), UInt8(ascii: "\"")))
                        var end = Int(qs_find_byte(p, n, Int64(start), 10))
                        if end > start && buf[end - 1] == UInt8(ascii: ",") { end -= 1 }
                        if nameEnd < end {
                            let name = String(decoding: buf[nameStart..<nameEnd], as: UTF8.self)
                            lines[name.lowercased()] = (name, start..<end)
                        }
                        at = qs_find(p, n, Int64(end), np, Int64(nb.count))
                    }
                }
            }
            self.lines = lines
        }
    }

    static let extendedIndex = LineIndex("catalog-extended")

    /// An extended-catalog table, parsed from its line (not cached: a query names few).
    static func extendedEntry(_ key: String) -> Entry? {
        guard let range = extendedIndex.lines[key]?.range, let value = try? JSON.parse(Array(extendedIndex.bytes[range])) else { return nil }
        return parseEntry(value)
    }
}
