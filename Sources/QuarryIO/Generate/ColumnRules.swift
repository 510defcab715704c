// ColumnRules: the one table that decides how a catalog column is filled, by column name
// (and type where the name alone is ambiguous). First matching rule wins; a column no rule
// matches gets a plain value of its type (ValueKind.fallback).
//
// Patterns are case-insensitive: `=Name` exact, `Name*` prefix, `*Name` suffix, `*Name*`
// substring; `Table.` before a pattern limits it to that table (`SigninLogs.=UserId`: a user
// object id there, a UPN in OfficeActivity). Keep specific rules above general ones (`InitiatingProcessParentFileName` above
// `*FileName`). `exactCase` rules compare the name's case as well. Kinds and their value shapes are in ValueKind.swift; the entities they draw
// from (devices, accounts, files, IPs) in EntityPools.swift.

import KQLColumns

struct ColumnRule {
    enum Pattern { case exact(String), prefix(String), suffix(String), contains(String) }
    var pattern: Pattern
    /// Only columns of these types (nil: any type).
    var types: Set<KQLType>?
    var kind: ValueKind
    /// Match the name's case too (for short suffixes like `IP`, which lower-cased would also
    /// match `…ship`).
    var exactCase: Bool
    /// Only this table (nil: any table).
    var table: String?

    init(_ text: String, _ kind: ValueKind, types: Set<KQLType>? = nil, exactCase: Bool = false) {
        self.exactCase = exactCase
        var text = Substring(text)
        if let dot = text.firstIndex(of: ".") {
            table = String(text[..<dot])
            text = text[text.index(after: dot)...]
        }
        let t = exactCase ? String(text) : text.lowercased()
        if t.hasPrefix("=") { pattern = .exact(String(t.dropFirst())) }
        else if t.hasPrefix("*") && t.hasSuffix("*") && t.count > 2 { pattern = .contains(String(t.dropFirst().dropLast())) }
        else if t.hasPrefix("*") { pattern = .suffix(String(t.dropFirst())) }
        else if t.hasSuffix("*") { pattern = .prefix(String(t.dropLast())) }
        else { pattern = .exact(t) }
        self.types = types
        self.kind = kind
    }

    func matches(table: String, name: String, lowercasedName: String, type: KQLType) -> Bool {
        if let types, !types.contains(type) { return false }
        if let t = self.table, t != table { return false }
        let n = exactCase ? name : lowercasedName
        switch pattern {
        case .exact(let s): return n == s
        case .prefix(let s): return n.hasPrefix(s)
        case .suffix(let s): return n.hasSuffix(s)
        case .contains(let s): return n.contains(s)
        }
    }
}

enum ColumnRules {
    private static let text: Set<KQLType> = [.string]
    private static let number: Set<KQLType> = [.int, .long, .real]
    private static let integer: Set<KQLType> = [.int, .long]
    private static let time: Set<KQLType> = [.datetime]
    private static let json: Set<KQLType> = [.string, .dynamic]

    static let rules: [ColumnRule] = [
        // Log Analytics standard columns.
        ColumnRule("=Type", .tableName, types: text),
        ColumnRule("=SourceSystem", .sourceSystem, types: text),
        ColumnRule("=_IsBillable", .billable),
        ColumnRule("=_BilledSize", .bytes),
        ColumnRule("=_ResourceId", .resourceId),
        ColumnRule("=ResourceId", .resourceId, types: text),
        ColumnRule("=_SubscriptionId", .subscriptionId),
        ColumnRule("=SubscriptionId", .subscriptionId, types: text),
        ColumnRule("=TenantId", .tenantId),
        ColumnRule("=AADTenantId", .tenantId),
        ColumnRule("*TenantId", .tenantId, types: text),
        ColumnRule("=WorkspaceId", .tenantId),
        ColumnRule("=MachineGroup", .machineGroup),
        ColumnRule("=AppGuardContainerId", .empty),
        ColumnRule("=ReportId", .reportId),
        ColumnRule("=ActionType", .actionType),
        // JSON-shaped columns (dynamic in Sentinel, JSON text in Advanced Hunting).
        ColumnRule("=IPAddresses", .ipAddressesArray, types: json),
        ColumnRule("=LoggedOnUsers", .loggedOnUsers, types: json),
        ColumnRule("=ConnectedNetworks", .connectedNetworks, types: json),
        ColumnRule("=DnsAddresses", .ipArray, types: json),
        ColumnRule("=DefaultGateways", .ipArray, types: json),
        ColumnRule("=LocationDetails", .locationObject, types: json),
        ColumnRule("=DeviceDetail", .deviceDetail, types: json),
        ColumnRule("=Status", .statusObject, types: [.dynamic]),
        ColumnRule("=InitiatedBy", .initiatedBy, types: json),
        ColumnRule("=TargetResources", .targetResources, types: json),
        ColumnRule("=AdditionalFields", .additionalFields, types: json),
        ColumnRule("*Tags", .stringArray, types: [.dynamic]),
        ColumnRule("=ConditionalAccessPolicies", .conditionalAccessPolicies, types: json),
        ColumnRule("=Location", .country, types: text),
        // Devices.
        ColumnRule("*DeviceId", .deviceId, types: text),
        ColumnRule("=DvcId", .deviceId),
        ColumnRule("*RemoteSessionDeviceName", .deviceName),
        ColumnRule("*DeviceName", .deviceName, types: text),
        ColumnRule("=Computer", .deviceName),
        ColumnRule("=DvcHostname", .hostName),
        ColumnRule("*Hostname", .hostName, types: text),
        ColumnRule("=HostName", .hostName),
        ColumnRule("*FQDN", .deviceName),
        ColumnRule("*MacAddress", .mac),
        ColumnRule("*MacAddr", .mac),
        ColumnRule("=OSPlatform", .os),
        ColumnRule("=OSVersion", .osVersion),
        // Accounts.
        ColumnRule("*AccountUpn", .accountUpn),
        ColumnRule("*UserPrincipalName", .accountUpn),
        ColumnRule("*PrincipalName", .accountUpn, types: text),
        ColumnRule("*EmailAddress", .accountUpn),
        ColumnRule("SigninLogs.=UserId", .accountObjectId),
        ColumnRule("AADNonInteractiveUserSignInLogs.=UserId", .accountObjectId),
        ColumnRule("AuditLogs.=Identity", .accountDisplayName),
        ColumnRule("=UserId", .accountUpn, types: text),
        ColumnRule("=Caller", .accountUpn),
        ColumnRule("*AccountObjectId", .accountObjectId),
        ColumnRule("*ObjectId", .accountObjectId, types: text),
        ColumnRule("*AccountSid", .accountSid),
        ColumnRule("*UserSid", .accountSid),
        ColumnRule("*AccountDomain", .accountDomain),
        ColumnRule("*UserDomain", .accountDomain),
        ColumnRule("*DomainName", .accountDomain, types: text),
        ColumnRule("*AccountDisplayName", .accountDisplayName),
        ColumnRule("*UserDisplayName", .accountDisplayName),
        ColumnRule("=Identity", .accountUpn, types: text),
        ColumnRule("*AccountName", .accountName),
        ColumnRule("*UserName", .accountName, types: text),
        ColumnRule("*Username", .accountName, types: text),
        ColumnRule("=Account", .accountQualified),
        ColumnRule("*Account", .accountQualified, types: text),
        // Files and processes.
        ColumnRule("*ParentFileName", .parentFileName),
        ColumnRule("*ParentId", .parentProcessId, types: integer),
        ColumnRule("*ProductVersion", .version),
        ColumnRule("*FileDescription", .fileName),
        ColumnRule("*SHA256", .sha256),
        ColumnRule("*SHA1", .sha1),
        ColumnRule("*MD5", .md5),
        ColumnRule("*FileHash*", .sha256, types: text),
        ColumnRule("*FileName", .fileName),
        ColumnRule("=Process", .fileName, types: text),
        ColumnRule("*ProcessName", .fileName, types: text),
        ColumnRule("*FolderPath", .folderPath),
        ColumnRule("*FilePath", .folderPath, types: text),
        ColumnRule("=NewProcessName", .folderPath),
        ColumnRule("*CommandLine", .commandLine),
        ColumnRule("*CompanyName", .company),
        ColumnRule("*ProductName", .company, types: text),
        ColumnRule("*FileSize", .fileSize),
        ColumnRule("*ProcessId", .processId, types: integer),
        ColumnRule("*ProcessId", .processIdHex, types: text),
        ColumnRule("=pid", .processId), ColumnRule("=ppid", .parentProcessId),
        ColumnRule("*IntegrityLevel", .integrityLevel),
        ColumnRule("*TokenElevation", .tokenElevation),
        ColumnRule("*CreationTime", .earlierTime, types: time),
        ColumnRule("Registry*Key", .registryKey),
        ColumnRule("*RegistryValueName", .registryValueName),
        ColumnRule("*RegistryValueData", .registryValueData),
        // Network.
        ColumnRule("*IPType", .ipType),
        ColumnRule("=LocalIP", .localIP),
        ColumnRule("*LocalIP", .localIP, types: text),
        ColumnRule("*DvcIpAddr", .localIP),
        ColumnRule("*Port", .port, types: number),
        ColumnRule("*PortNumber", .port, types: number),
        ColumnRule("*Port", .portText, types: text),
        ColumnRule("*IPAddress", .remoteIP, types: text),
        ColumnRule("*IpAddress", .remoteIP, types: text),
        ColumnRule("*IpAddr", .remoteIP, types: text),
        ColumnRule("*IP", .remoteIP, types: text, exactCase: true),
        ColumnRule("*Ip", .remoteIP, types: text, exactCase: true),
        ColumnRule("=IPAddress", .remoteIP),
        ColumnRule("*Url", .url, types: text),
        ColumnRule("*Uri", .url, types: text),
        ColumnRule("*Domain", .domain, types: text),
        ColumnRule("=Protocol", .protocolName, types: text),
        ColumnRule("*Protocol", .protocolName, types: text),
        ColumnRule("*UserAgent", .userAgent, types: text),
        ColumnRule("*Latitude", .latitude, types: number),
        ColumnRule("*Longitude", .longitude, types: number),
        ColumnRule("*Country*", .country, types: text),
        ColumnRule("*City", .city, types: text),
        ColumnRule("*Bytes", .bytes, types: number),
        ColumnRule("*Packets", .count, types: number),
        // Events, results, severities.
        ColumnRule("=EventID", .eventId, types: integer),
        ColumnRule("=EventId", .eventId, types: integer),
        ColumnRule("=LogonType", .logonTypeNumber, types: integer),
        ColumnRule("=LogonType", .logonTypeName, types: text),
        ColumnRule("*LogonId", .logonId, types: integer),
        ColumnRule("=ResultType", .resultType, types: text),
        ColumnRule("*Severity", .severity, types: text),
        ColumnRule("*Severity*", .severityNumber, types: integer),
        ColumnRule("*OperationName", .operationName, types: text),
        ColumnRule("=Operation", .operationName, types: text),
        ColumnRule("*Message", .message, types: text),
        ColumnRule("*Description", .message, types: text),
        ColumnRule("*CorrelationId", .guid, types: text),
        ColumnRule("*RequestId", .guid, types: text),
        ColumnRule("=NetworkMessageId", .guid),
        ColumnRule("*AppId", .guid, types: text),
        ColumnRule("=Id", .guid, types: text),
        ColumnRule("*Id", .guid, types: [.guid]),
        ColumnRule("*Count", .count, types: number),
        ColumnRule("*Duration*", .duration, types: number),
        ColumnRule("*Score", .score, types: number),
        ColumnRule("*Time", .earlierTime, types: time),
        ColumnRule("*Date*", .earlierTime, types: time),
        ColumnRule("*DateTime", .earlierTime, types: time),
    ]

    /// The kind for a column (`timeColumn` is the form's own time column).
    static func kind(table: String, name: String, type: KQLType, timeColumn: String) -> ValueKind {
        if name == timeColumn || (type == .datetime && (name == "TimeGenerated" || name == "Timestamp")) { return .rowTime }
        let n = name.lowercased()
        for r in rules where r.matches(table: table, name: name, lowercasedName: n, type: type) { return r.kind }
        return .fallback
    }
}
