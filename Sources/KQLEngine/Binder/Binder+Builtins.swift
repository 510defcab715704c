import Foundation
import KQLColumns
import KQLSyntax

/// Where a watchlist bound by the host (the CLI's `--watchlist NAME=PATH`) lives among the
/// session's tables: under a name no query can spell (`watchlist:NAME`, or `watchlist:NAME:KEY`
/// when the search key column is given), read by `_GetWatchlist('NAME')`.
public enum Watchlists {
    public static func tableName(alias: String, searchKey: String? = nil) -> String {
        "watchlist:" + alias + (searchKey.map { ":" + $0 } ?? "")
    }
}

/// Defender XDR and Sentinel built-ins that are not plain functions of their arguments:
/// `invoke FileProfile()`, `invoke DeviceFromIP()`, `invoke SeenBy()`, `AssignedIPAddresses()`,
/// `_GetWatchlist()`, `table()` and `ingestion_time()`. Each is bound as a small KQL query over
/// the user's own tables (text below, parsed here), so every operator they use is the engine's
/// own; the data each reads and what stays null is documented in the README ("Built-in functions").
extension Binder {
    /// A warning given once per query, however often the construct occurs.
    func warnOnce(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    /// `invoke Name(...)` of a built-in enrichment function; nil when `name` is none.
    func bindBuiltinInvoke(_ name: String, nameSpan: Span, args: [Argument], span: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan? {
        switch name {
        case "FileProfile": return try bindFileProfile(args: args, span: span, input: input, scope: scope)
        case "DeviceFromIP": return try bindDeviceFromIP(args: args, span: span, input: input, scope: scope)
        case "SeenBy": return try bindSeenBy(args: args, span: span, input: input)
        default: return nil
        }
    }

    /// A tabular built-in called as a source (`table('T')`, `_GetWatchlist('W')`,
    /// `AssignedIPAddresses(x, y)`); nil when `name` is none.
    func bindBuiltinTabularCall(_ name: String, nameSpan: Span, args: [Argument], span: Span, scope: Scope) throws -> LogicalPlan? {
        switch name {
        case "table":
            // table(TableName [, DatabaseScope]): the scope ("database" or "all") changes nothing
            // here, where every table is local.
            guard (1...2).contains(args.count) else { throw fail(.argumentCount, "table() expects 1 to 2 arguments, got \(args.count)", nameSpan) }
            let tableName = try stringArgument(args[0], of: "table", scope: scope)
            if args.count == 2 { _ = try stringArgument(args[1], of: "table", scope: scope) }
            return try bindTabular(Expr(.name(tableName), args[0].value.span), scope: scope)
        case "_GetWatchlist":
            guard args.count == 1 else { throw fail(.argumentCount, "_GetWatchlist() expects 1 argument, got \(args.count)", nameSpan) }
            return try bindWatchlist(try stringArgument(args[0], of: "_GetWatchlist", scope: scope), span: args[0].value.span)
        case "AssignedIPAddresses":
            return try bindAssignedIPAddresses(args: args, nameSpan: nameSpan, span: span, scope: scope)
        case _ where ClusterOnlyFunctions.message(name) != nil:
            throw fail(.unsupportedFunction, ClusterOnlyFunctions.message(name) ?? name, nameSpan)
        case _ where Self.knownTabularFunctions.contains(name):
            throw fail(.unsupportedFunction, "tabular function '\(name)' is not supported yet", nameSpan)
        case _ where FunctionRegistry.scalarByName[name] != nil || FunctionRegistry.aggregateByName[name] != nil || KnownKustoFunctions.names.contains(name):
            throw fail(.tabularScalarMismatch, "'\(name)' is not a tabular function: a table is expected here", nameSpan)
        default:
            throw fail(.unknownFunction, "unknown function '\(name)'", nameSpan).helping(functionHelp(name, scope: scope))
        }
    }

    /// Kusto's tabular functions Quarry does not have (they name other databases, clusters and
    /// stores, or Defender / Sentinel services), so that they read as unsupported, not misspelt.
    static let knownTabularFunctions: Set<String> = [
        "cluster", "database", "external_table", "materialized_view", "stored_query_result", "view", "entity_group",
        "_GetWatchlistAlias", "_ASIM_GetWatchlistRaw", "workspace", "app", "resource",
    ]

    /// `ingestion_time()`: the record's ingestion time, from the first of `ingestionColumns` the
    /// rows have as a datetime column; otherwise null (one warning): files carry no hidden
    /// `$IngestionTime` column.
    func bindIngestionTime(args: [Argument], nameSpan: Span, schema: Schema) throws -> BoundExpr {
        guard args.isEmpty else { throw fail(.argumentCount, "ingestion_time() expects 0 arguments, got \(args.count)", nameSpan) }
        for name in Self.ingestionColumns {
            if let i = schema.index(of: name), schema.fields[i].type == .datetime { return .column(index: i, type: .datetime) }
        }
        warnOnce("ingestion_time() is null: the rows have no ingestion time column (\(Self.ingestionColumns.joined(separator: ", ")))")
        return .constant(.null(.datetime))
    }

    /// Columns that record when a row reached its store, most specific first: ADX's hidden column
    /// exported by name, a column a pipeline named so, Log Analytics' `_TimeReceived` (when the
    /// ingestion point received the record) and the Streaming API's `_TimeReceivedBySvc`.
    static let ingestionColumns = ["$IngestionTime", "IngestionTime", "_TimeReceived", "_TimeReceivedBySvc"]

    // MARK: - FileProfile

    /// FileProfile()'s columns and types (advanced-hunting-fileprofile-function.md), but
    /// ProfileAvailability, which is computed.
    static let fileProfileColumns: [(name: String, type: String)] = [
        ("SHA1", "string"), ("SHA256", "string"), ("MD5", "string"), ("FileSize", "int"), ("GlobalPrevalence", "int"),
        ("GlobalFirstSeen", "datetime"), ("GlobalLastSeen", "datetime"), ("Signer", "string"), ("Issuer", "string"),
        ("SignerHash", "string"), ("IsCertificateValid", "bool"), ("IsRootSignerMicrosoft", "bool"), ("SignatureState", "string"),
        ("IsExecutable", "bool"), ("ThreatName", "string"), ("Publisher", "string"), ("SoftwareName", "string"),
    ]

    /// `invoke FileProfile(x, y)`: x names the file id column (SHA1 by default, SHA256,
    /// InitiatingProcessSHA1 or InitiatingProcessSHA256), y the number of records to enrich
    /// (1-1000, default 100). The profiles are Microsoft's: they come from a table the user binds
    /// as `FileProfile` (one row per file, keyed by its SHA1 or SHA256), else the columns are null.
    /// Columns the input already has keep the input's values. Every row is enriched from the
    /// local table: y bounds nothing (it limits lookups in Microsoft's cloud).
    /// Decisions (published hunts go beyond the page's lists, e.g. FalconFriday's
    /// `FileProfile(GrandParentFileSHA1, 1000)`, Bert-Jan Pals' `FileProfile('SHA1', 10000)`): any
    /// string column whose name ends in SHA1 or SHA256 is a file id column (the suffix says which
    /// hash it is); a y above 1000 is taken, with a warning that the page's range is 1-1000.
    private func bindFileProfile(args: [Argument], span: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        guard args.count <= 2 else { throw fail(.argumentCount, "FileProfile() expects 0 to 2 arguments, got \(args.count)", span) }
        var key = "SHA1"
        if let a = args.first {
            if case .name(let n) = a.value.kind, scope.lets[n] == nil { key = n } else { key = try stringArgument(a, of: "FileProfile", scope: scope) }
            guard key.hasSuffix("SHA1") || key.hasSuffix("SHA256") else {
                throw fail(.invalidOperatorArgument, "FileProfile(): the file id column must be a SHA1 or SHA256 column (SHA1, SHA256, InitiatingProcessSHA1, InitiatingProcessSHA256, or another name ending in SHA1 or SHA256), not '\(key)'", a.value.span)
            }
        }
        if args.count == 2 {
            guard let n = integerValue(try constant(args[1].value, scope: scope)), n >= 1 else {
                throw fail(.invalidOperatorArgument, "FileProfile(): the number of records to enrich must be a positive integer (the page's range is 1 to 1000)", args[1].value.span)
            }
            if n > 1000 { warnOnce("FileProfile(): \(n) records to enrich is above the documented 1-1000; every row is enriched from the local FileProfile table") }
        }
        let inSchema = input.schema
        guard let keyIndex = inSchema.index(of: key) else {
            throw fail(.unknownName, "FileProfile(): the input has no column '\(key)' to look files up by", args.first?.value.span ?? span)
        }
        guard inSchema.fields[keyIndex].type == .string else {
            throw fail(.argumentType, "FileProfile(): the column '\(key)' must be a string, not \(inSchema.fields[keyIndex].type)", args.first?.value.span ?? span)
        }
        // Every profile column is added; one the input already has comes out renamed as join
        // renames a clash (`SHA2561`, `FileSize1`): published hunts drop `SHA2561` after
        // `invoke FileProfile(SHA256)` on rows that carry a SHA256 column.
        var taken = UniqueNames(inSchema.names)
        let added = Self.fileProfileColumns.map { (name: $0.name, type: $0.type, out: taken.take($0.name)) }
        let availability = taken.take("ProfileAvailability")
        let profileKey = key.hasSuffix("SHA256") ? "SHA256" : "SHA1"
        let text: String
        if let profile = session.tables["FileProfile"]?.schema {
            guard profile.index(of: profileKey) != nil else {
                throw fail(.unknownName, "FileProfile(): the bound FileProfile table has no '\(profileKey)' column to look files up by", span)
            }
            let present = added.filter { profile.index(of: $0.name) != nil }
            let missing = added.filter { profile.index(of: $0.name) == nil }
            let carried = present.map { "\(quoted($0.out)) = to\($0.type)(\(quoted($0.name)))" } + ["__hit = true"]
            let order = inSchema.names + added.map(\.out) + [availability]
            text = """
            let __fp = FileProfile | extend __key = tostring(\(profileKey)) | where isnotempty(__key)
                | summarize take_any(*) by __key | project __key, \(carried.joined(separator: ", "));
            __input | extend __key = tostring(\(quoted(key))) | lookup kind=leftouter __fp on __key
            | extend \((missing.map { "\(quoted($0.out)) = \(Self.typedNull($0.type))" } + ["\(quoted(availability)) = iff(isempty(__key), \"\", iff(isnull(__hit), \"Missing\", \"Available\"))"]).joined(separator: ", "))
            | project-away __key, __hit
            | project-reorder \(order.map(quoted).joined(separator: ", "))
            """
        } else {
            warnOnce("FileProfile(): Microsoft's file profiles are not available offline, so its columns are null; bind a table of profiles with --table FileProfile=PATH (keyed by SHA1 or SHA256) to fill them")
            let nulls = added.map { "\(quoted($0.out)) = \(Self.typedNull($0.type))" } + ["\(quoted(availability)) = \"\""]
            text = "__input | extend \(nulls.joined(separator: ", "))"
        }
        return try bindSynthetic(text, name: "FileProfile", bindings: [("__input", .tabular(input))], span: span)
    }

    /// A null of a type as KQL text (a string's null is the empty string).
    private static func typedNull(_ type: String) -> String { type == "string" ? "\"\"" : "\(type)(null)" }

    // MARK: - Devices and IP addresses (from DeviceNetworkInfo)

    /// DeviceNetworkInfo's latest report of each adapter (at or before `asOf`), one row per IP
    /// address in it: `__ip`, `__type`, the time column as `Timestamp`, and the adapter's columns.
    private func adapterAddresses(function: String, asOf: Expr?, span: Span, scope: Scope) throws -> (text: String, bindings: [(String, LetBinding)]) {
        guard let info = session.tables["DeviceNetworkInfo"]?.schema else {
            throw fail(.unknownTable, "\(function) computes from the DeviceNetworkInfo table: bind it with --table DeviceNetworkInfo=PATH", span)
        }
        guard let time = ["Timestamp", "TimeGenerated"].first(where: { info.index(of: $0) != nil }),
              ["DeviceId", "DeviceName", "NetworkAdapterName", "IPAddresses"].allSatisfy({ info.index(of: $0) != nil }) else {
            throw fail(.unknownName, "\(function): the DeviceNetworkInfo table lacks Timestamp, DeviceId, DeviceName, NetworkAdapterName or IPAddresses", span)
        }
        var bindings: [(String, LetBinding)] = []
        var filter = ""
        if let asOf {
            // A per-row time (a column) is not supported: the reports are filtered once.
            let t = try? bindScalar(asOf, schema: Schema([]), scope: scope)
            guard let t, t.type == .datetime, let v = t.constantValue else {
                throw fail(.invalidOperatorArgument, "\(function): the time argument must be a constant datetime", asOf.span)
            }
            bindings.append(("__asof", .scalar(.constant(v))))
            filter = "| where \(time) <= __asof"
        }
        let text = """
        DeviceNetworkInfo \(filter)
        | summarize arg_max(\(time), *) by DeviceId, NetworkAdapterName
        | extend Timestamp = \(time)
        | mv-expand __a = todynamic(IPAddresses)
        | extend __ip = tostring(__a.IPAddress), __type = tostring(__a.AddressType)
        | where isnotempty(__ip)
        """
        return (text, bindings)
    }

    /// `AssignedIPAddresses(x, y)`: the IP addresses in the latest DeviceNetworkInfo report of each
    /// adapter of device x (its DeviceId, or its DeviceName in any case) at or before y (default:
    /// the latest reports). Column types are DeviceNetworkInfo's.
    private func bindAssignedIPAddresses(args: [Argument], nameSpan: Span, span: Span, scope: Scope) throws -> LogicalPlan {
        guard (1...2).contains(args.count) else { throw fail(.argumentCount, "AssignedIPAddresses() expects 1 to 2 arguments, got \(args.count)", nameSpan) }
        let device = try bindScalar(args[0].value, schema: Schema([]), scope: scope)
        guard device.type == .string, let d = device.constantValue else {
            throw fail(.invalidOperatorArgument, "AssignedIPAddresses(): the device must be a constant string (a DeviceId or DeviceName)", args[0].value.span)
        }
        var (text, bindings) = try adapterAddresses(function: "AssignedIPAddresses()", asOf: args.count == 2 ? args[1].value : nil, span: span, scope: scope)
        bindings.append(("__device", .scalar(.constant(d))))
        // The device filter comes first: a device's reports only.
        text = text.replacingFirst("DeviceNetworkInfo ", with: "DeviceNetworkInfo | where DeviceId == __device or DeviceName =~ __device ")
        text += "\n| project Timestamp, IPAddress = __ip, IPType = __type, NetworkAdapterType, ConnectedNetworks"
        return try bindSynthetic(text, name: "AssignedIPAddresses", bindings: bindings, span: span)
    }

    /// `invoke DeviceFromIP(x, y)`: each input row's `IP` column looked up among the addresses in
    /// the latest DeviceNetworkInfo report of every device adapter (at or before y): one row per
    /// device holding it, with its DeviceId (null when none does).
    private func bindDeviceFromIP(args: [Argument], span: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        guard args.count <= 1 else { throw fail(.argumentCount, "DeviceFromIP() expects 0 to 1 arguments, got \(args.count)", span) }
        guard let ip = input.schema.index(of: "IP") else {
            throw fail(.unknownName, "DeviceFromIP(): the input has no column 'IP' (project IP = LocalIP before invoke DeviceFromIP())", span)
        }
        guard input.schema.fields[ip].type == .string else {
            throw fail(.argumentType, "DeviceFromIP(): the column 'IP' must be a string, not \(input.schema.fields[ip].type)", span)
        }
        guard input.schema.index(of: "DeviceId") == nil else {
            throw fail(.invalidInvoke, "DeviceFromIP(): the input already has a DeviceId column; rename or drop it first", span)
        }
        var (text, bindings) = try adapterAddresses(function: "DeviceFromIP()", asOf: args.first?.value, span: span, scope: scope)
        text = "let __holders = \(text)\n| project IP = __ip, DeviceId | distinct IP, DeviceId;\n__input | lookup kind=leftouter __holders on IP"
        bindings.append(("__input", .tabular(input)))
        return try bindSynthetic(text, name: "DeviceFromIP", bindings: bindings, span: span)
    }

    /// `invoke SeenBy()`: the onboarded devices that saw each device through device discovery.
    /// No exported table records who saw whom, so the column is null (one warning); it is named
    /// DeviceId, or DeviceId1 when the input has DeviceId (as a join names the right side's).
    private func bindSeenBy(args: [Argument], span: Span, input: LogicalPlan) throws -> LogicalPlan {
        guard args.count <= 1 else { throw fail(.argumentCount, "SeenBy() expects 0 to 1 arguments, got \(args.count)", span) }
        warnOnce("SeenBy(): device discovery's observations are not in any exported table, so its DeviceId column is null")
        let column = input.schema.index(of: "DeviceId") == nil ? "DeviceId" : "DeviceId1"
        return try bindSynthetic("__input | extend \(column) = \"\"", name: "SeenBy", bindings: [("__input", .tabular(input))], span: span)
    }

    // MARK: - Watchlists

    /// `_GetWatchlist('NAME')`: the watchlist's rows with SearchKey (the search key column's value
    /// as a string: the column given when it was bound, else its first column), `_DTItemId` (the
    /// item's number in the file, from 1, as a string) and `LastUpdatedTimeUTC` (null: a file
    /// has no item history), then the file's own columns.
    private func bindWatchlist(_ alias: String, span: Span) throws -> LogicalPlan {
        let exact = Watchlists.tableName(alias: alias)
        guard let entry = session.tables.first(where: { $0.key == exact || $0.key.hasPrefix(exact + ":") }) else {
            throw fail(.unknownTable, "watchlist '\(alias)' is not bound: use --watchlist \(alias)=PATH or --watchlist-dir DIR", span)
        }
        let schema = entry.value.schema
        let key = entry.key == exact ? schema.names.first : String(entry.key.dropFirst(exact.count + 1))
        guard let key, schema.index(of: key) != nil else {
            throw fail(.unknownName, "watchlist '\(alias)' has no search key column '\(key ?? "")'", span)
        }
        let scan = LogicalPlan.scan(TableScan(table: entry.key, schema: schema))
        let text = """
        __wl | serialize _DTItemId = tostring(row_number()), LastUpdatedTimeUTC = datetime(null), SearchKey = tostring(\(quoted(key)))
        | project-reorder _DTItemId, LastUpdatedTimeUTC, SearchKey
        """
        return try bindSynthetic(text, name: "_GetWatchlist", bindings: [("__wl", .tabular(scan))], span: span)
    }

    // MARK: - Helpers

    /// Binds KQL text written here, with `bindings` as its only lets (the query's own lets are not
    /// visible to it). Its errors are reported at `span`, the call they come from.
    private func bindSynthetic(_ text: String, name: String, bindings: [(String, LetBinding)], span: Span) throws -> LogicalPlan {
        let (query, diags) = KQLParser.parse(SourceText(text))
        if let d = diags.first(where: { $0.severity == .error }) {
            throw fail(.internalError, "\(name)(): internal query failed to parse: \(d.message)", span)
        }
        var scope = Scope(letStore)
        for (n, b) in bindings {
            if case .tabular(let p) = b { scope.lets.bind(n, .tabular(shared(p)), depth: Swift.max(1, deepest - nesting)) } else { scope.lets.bind(n, b, depth: 1) }
        }
        do {
            return try withoutRecovery { try bindFunctionBodyTabular(query, scope: scope) }
        } catch let d as Diagnostic {
            throw fail(d.code, "\(name)(): \(d.message)", span)
        }
    }

    private func stringArgument(_ a: Argument, of function: String, scope: Scope) throws -> String {
        guard case .string(let s) = try constant(a.value, scope: scope) else {
            throw fail(.argumentType, "\(function)(): expected a constant string", a.value.span)
        }
        return s
    }

    /// A column name as KQL text: `['name']`, escaped.
    private func quoted(_ name: String) -> String {
        var out = "['"
        for c in name.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "']"
    }
}

private extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
