// ValueKind: the shapes of generated values (what ColumnRules assigns to a column), and how
// each is drawn from the row's entities (RowContext over EntityPools) and the row generator.
// A kind yields a GenValue; `GenValue.coerced(to:)` then fits it to the column's catalog type
// (a port number in a string column becomes its digits, a JSON object in a string column its
// compact text — which is how Advanced Hunting types its JSON columns).

import KQLColumns

/// One generated cell before formatting.
enum GenValue {
    case null
    case string(String)
    case long(Int64)
    case real(Double)
    case bool(Bool)
    case time(Int64)
    /// Compact JSON text (an object, array, number or string literal).
    case json(String)
}

enum ValueKind {
    case rowTime, earlierTime
    case tableName, sourceSystem, billable, resourceId, subscriptionId, tenantId, machineGroup, empty, reportId, actionType
    case ipAddressesArray, loggedOnUsers, connectedNetworks, ipArray, locationObject, deviceDetail, statusObject,
         initiatedBy, targetResources, additionalFields, stringArray, conditionalAccessPolicies
    case deviceId, deviceName, hostName, mac, os, osVersion
    case accountUpn, accountObjectId, accountSid, accountDomain, accountDisplayName, accountName, accountQualified
    case parentFileName, sha256, sha1, md5, fileName, folderPath, commandLine, company, fileSize, processId, parentProcessId, version, processIdHex,
         integrityLevel, tokenElevation, registryKey, registryValueName, registryValueData
    case ipType, localIP, remoteIP, port, portText, url, domain, protocolName, userAgent, latitude, longitude, country, city,
         bytes, count
    case eventId, logonTypeNumber, logonTypeName, logonId, resultType, severity, severityNumber, operationName, message,
         guid, duration, score
    /// No rule matched: a plain value of the column's type.
    case fallback

    /// Whether `GeneratorOptions.vocabulary` may replace this kind's value (not the columns
    /// that say which table, tenant or billing a row is).
    var takesVocabulary: Bool {
        switch self {
        case .tableName, .sourceSystem, .billable, .tenantId, .subscriptionId, .empty: return false
        default: return true
        }
    }
}

/// Documented ActionType values per table (telemetry.md §1.1 and §2; Defender table references).
enum ActionTypes {
    static let byTable: [String: [String]] = [
        "DeviceNetworkEvents": ["ConnectionSuccess", "ConnectionSuccess", "ConnectionSuccess", "ConnectionFailed",
                                "ConnectionRequest", "ConnectionFound", "InboundConnectionAccepted",
                                "ListeningConnectionCreated", "DnsConnectionInspected", "HttpConnectionInspected",
                                "SslConnectionInspected", "IcmpConnectionInspected"],
        "DeviceProcessEvents": ["ProcessCreated"],
        "DeviceLogonEvents": ["LogonSuccess", "LogonSuccess", "LogonFailed", "LogonAttempted"],
        "DeviceFileEvents": ["FileCreated", "FileCreated", "FileModified", "FileRenamed", "FileDeleted"],
        "DeviceRegistryEvents": ["RegistryValueSet", "RegistryValueSet", "RegistryKeyCreated", "RegistryKeyDeleted",
                                 "RegistryValueDeleted"],
        "DeviceEvents": ["PowerShellCommand", "DnsQueryResponse", "AntivirusDetection", "ProcessCreatedUsingWmiQuery",
                         "ScheduledTaskCreated", "ServiceInstalled", "UserAccountCreated", "LdapSearch",
                         "NamedPipeEvent", "CreateRemoteThreadApiCall", "OpenProcessApiCall", "ExploitGuardNetworkProtectionBlocked"],
        "DeviceImageLoadEvents": ["ImageLoaded"],
        "IdentityLogonEvents": ["LogonSuccess", "LogonFailed"],
        "IdentityDirectoryEvents": ["Account Password changed", "Group Membership changed", "Directory Services replication"],
        "IdentityQueryEvents": ["LDAP query", "DNS query", "SAMR query"],
        "EmailPostDeliveryEvents": ["Phish ZAP", "Malware ZAP", "Moved to quarantine"],
        "UrlClickEvents": ["ClickAllowed", "ClickBlocked", "UrlScanInProgress"],
        "CloudAppEvents": ["FileDownloaded", "FileUploaded", "MailItemsAccessed", "New-InboxRule", "Add member to role."],
        "AADSignInEventsBeta": ["LogonSuccess", "LogonFailed"],
    ]
    static let generic = ["Create", "Update", "Delete", "Read"]
}

/// Everything a kind may draw from while filling one row.
struct GenSource {
    let pools: EntityPools
    let table: String
    let ctx: RowContext
    let end: Int64

    var device: GenDevice { pools.devices[ctx.device] }
    var account: GenAccount { pools.accounts[ctx.account] }
    var file: GenFile { pools.files[ctx.file] }

    static let severities = ["Informational", "Low", "Medium", "High"]
    static let operations = ["Sign-in activity", "Add member to role", "Update user", "Consent to application",
                             "Add service principal credentials", "Set-Mailbox", "New-InboxRule", "MailItemsAccessed",
                             "FileAccessed", "Microsoft.Compute/virtualMachines/write"]
    static let agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
                         "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Safari/605.1.15",
                         "python-requests/2.31.0", "curl/8.4.0", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029)"]
    static let countries = ["US", "US", "DE", "GB", "FR", "NL", "JP", "BR"]
    static let cities = ["Seattle", "Redmond", "Berlin", "London", "Paris", "Amsterdam", "Tokyo", "Sao Paulo"]
    static let registryKeys = [#"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run"#,
                               #"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\RunOnce"#,
                               #"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WinDefend"#,
                               #"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa"#]
    static let messages = ["An account was successfully logged on.", "A new process has been created.",
                           "Suspicious PowerShell command line", "User signed in from an unfamiliar location",
                           "Connection blocked by policy"]
    static let eventIds: [Int64] = [4624, 4624, 4625, 4688, 4720, 4728, 4732, 4768, 4769, 7045, 1102, 4104]
    static let resultTypes = ["0", "0", "0", "0", "50126", "50074", "53003", "50053"]

    func value(_ kind: ValueKind, name: String, type: KQLType, _ r: inout SplitMix64) -> GenValue {
        switch kind {
        case .rowTime: return .time(ctx.time)
        case .earlierTime: return .time(ctx.time - Int64(r.next() % UInt64(DateTime.ticksPerHour)))
        case .tableName: return .string(table)
        case .sourceSystem: return .string(table.hasPrefix("Device") ? "" : "Azure")
        case .billable: return .string("True")
        case .resourceId:
            return .string("/subscriptions/\(pools.subscriptionId)/resourceGroups/rg-secops/providers/Microsoft.Compute/virtualMachines/\(device.host)")
        case .subscriptionId: return .string(pools.subscriptionId)
        case .tenantId: return .string(pools.tenantId)
        case .machineGroup: return .string(["UnassignedGroup", "Workstations", "Servers"][ctx.device % 3])
        case .empty: return .string("")
        case .reportId: return .long(ctx.reportId)
        case .actionType:
            let set = ActionTypes.byTable[table] ?? ActionTypes.generic
            return .string(set[r.below(set.count)])
        case .ipAddressesArray:
            let v6 = "fe80::\(String(r.below(65536), radix: 16)):\(String(r.below(65536), radix: 16))"
            return .json(#"[{"IPAddress":"\#(device.ip)","SubnetPrefix":24,"AddressType":"Private"},{"IPAddress":"\#(v6)","SubnetPrefix":64,"AddressType":"LinkLocal"}]"#)
        case .loggedOnUsers:
            return .json(#"[{"UserName":"\#(account.name)","DomainName":"\#(account.domain.uppercased())","Sid":"\#(account.sid)"}]"#)
        case .connectedNetworks:
            return .json(#"[{"Name":"contoso.local","Description":"contoso.local","IsConnectedToInternet":true,"Category":"Domain"}]"#)
        case .ipArray:
            return .json(#"["10.0.0.1","\#(pools.publicIPs[ctx.publicIP])"]"#)
        case .locationObject:
            let i = r.below(Self.countries.count)
            return .json(#"{"city":"\#(Self.cities[i])","state":"","countryOrRegion":"\#(Self.countries[i])","geoCoordinates":{"latitude":\#(47 + i),"longitude":\#(-122 + 10 * i)}}"#)
        case .deviceDetail:
            return .json(#"{"deviceId":"\#(device.id)","displayName":"\#(device.host)","operatingSystem":"\#(device.os)","browser":"Edge 120.0.0","isCompliant":\#(r.below(2) == 0),"isManaged":true,"trustType":"Azure AD joined"}"#)
        case .statusObject:
            let failed = r.below(5) == 0
            return .json(failed ? #"{"errorCode":50126,"failureReason":"Invalid username or password."}"# : #"{"errorCode":0}"#)
        case .initiatedBy:
            return .json(#"{"user":{"id":"\#(account.objectId)","displayName":"\#(account.displayName)","userPrincipalName":"\#(account.upn)","ipAddress":"\#(pools.publicIPs[ctx.publicIP])"},"app":null}"#)
        case .targetResources:
            let other = pools.accounts[(ctx.account + 1) % pools.accounts.count]
            return .json(#"[{"id":"\#(other.objectId)","displayName":"\#(other.displayName)","type":"User","userPrincipalName":"\#(other.upn)","modifiedProperties":[{"displayName":"Role.DisplayName","oldValue":null,"newValue":"\"Global Administrator\""}]}]"#)
        case .additionalFields:
            switch r.below(4) {
            case 0: return .json("{}")
            case 1: return .json(#"{"Command":"\#(file.name)","IsAudit":false}"#)
            case 2: return .json(#"{"direction":"Out","uid":"C\#(EntityPools.hex(&r, 16))","query":"\#(pools.domains[ctx.domain])"}"#)
            default: return .json(#"{"ProcessIntegrityLevel":"High","Signer":"\#(file.company)","Count":\#(1 + r.below(9))}"#)
            }
        case .stringArray:
            return .json(r.below(2) == 0 ? "[]" : #"["\#(["Sensitive", "VIP", "Finance", "Tier0"][r.below(4)])"]"#)
        case .conditionalAccessPolicies:
            return .json(#"[{"id":"\#(EntityPools.guid(&r))","displayName":"Require MFA","result":"\#(["success", "notApplied", "failure"][r.below(3)])"}]"#)
        case .deviceId: return .string(device.id)
        case .deviceName: return .string(device.name)
        case .hostName: return .string(device.host)
        case .mac: return .string(device.mac)
        case .os: return .string(device.os)
        case .osVersion: return .string(device.os == "Linux" ? "5.15" : "10.0")
        case .accountUpn: return .string(account.upn)
        case .accountObjectId: return .string(account.objectId)
        case .accountSid: return .string(account.sid)
        case .accountDomain: return .string(account.domain)
        case .accountDisplayName: return .string(account.displayName)
        case .accountName: return .string(account.name)
        case .accountQualified: return .string("\(account.domain.uppercased())\\\(account.name)")
        case .parentFileName: return .string(pools.files[ctx.parentFile].name)
        case .sha256: return .string(file.sha256)
        case .sha1: return .string(file.sha1)
        case .md5: return .string(file.md5)
        case .fileName: return .string(file.name)
        case .folderPath: return .string(file.folder)
        case .commandLine: return .string(file.commandLine)
        case .company: return .string(file.company)
        case .fileSize: return .long(file.size)
        case .processId: return .long(ctx.processId)
        case .parentProcessId: return .long(ctx.processId / 2 + 4)
        case .version: return .string(["10.0.19041.1", "16.0.17029.20028", "120.0.6099.130"][ctx.file % 3])
        case .processIdHex: return .string("0x" + String(ctx.processId, radix: 16))
        case .integrityLevel: return .string(["Medium", "High", "System", "Low"][r.below(4)])
        case .tokenElevation: return .string(["TokenElevationTypeDefault", "TokenElevationTypeFull", "TokenElevationTypeLimited"][r.below(3)])
        case .registryKey: return .string(Self.registryKeys[r.below(Self.registryKeys.count)])
        case .registryValueName: return .string(["Updater", "Start", "RunAsPPL", "(Default)"][r.below(4)])
        case .registryValueData: return .string([file.folder, "4", "1", ""][r.below(4)])
        case .ipType: return .string(["Public", "Private", "FourToSixMapping", "Loopback"][r.below(4)])
        case .localIP: return .string(device.ip)
        case .remoteIP:
            switch r.below(10) {
            case 0: return .string(pools.devices[r.below(pools.devices.count)].ip)
            case 1: return .string(pools.ipv6[r.below(pools.ipv6.count)])
            case 2: return .string("::ffff:" + pools.publicIPs[ctx.publicIP])
            default: return .string(pools.publicIPs[ctx.publicIP])
            }
        case .port: return .long([443, 443, 80, 53, 445, 3389, 22, 8080, 135, Int64(49152 + r.below(16384))][r.below(10)])
        case .portText: return .string(String([443, 80, 53, 445, 3389, 22][r.below(6)]))
        case .url: return .string("https://\(pools.domains[ctx.domain])/\(["", "login", "api/v1/items", "download/setup.exe"][r.below(4)])")
        case .domain: return .string(pools.domains[ctx.domain])
        case .protocolName: return .string(["Tcp", "Tcp", "Udp", "TcpV4"][r.below(4)])
        case .userAgent: return .string(Self.agents[r.below(Self.agents.count)])
        case .latitude: return .real(Double(-60 + r.below(120)) + Double(r.below(10_000)) / 10_000)
        case .longitude: return .real(Double(-170 + r.below(340)) + Double(r.below(10_000)) / 10_000)
        case .country: return .string(Self.countries[r.below(Self.countries.count)])
        case .city: return .string(Self.cities[r.below(Self.cities.count)])
        case .bytes: return .long(Int64(r.below(2_000_000)))
        case .count: return .long(Int64(1 + r.below(50)))
        case .eventId: return .long(Self.eventIds[r.below(Self.eventIds.count)])
        case .logonTypeNumber: return .long([2, 3, 3, 10, 5][r.below(5)])
        case .logonTypeName: return .string(["Interactive", "Network", "Network", "RemoteInteractive", "Service"][r.below(5)])
        case .logonId: return .long(Int64(100_000 + r.below(900_000)))
        case .resultType: return .string(Self.resultTypes[r.below(Self.resultTypes.count)])
        case .severity: return .string(Self.severities[r.below(Self.severities.count)])
        case .severityNumber: return .long(Int64(r.below(5)))
        case .operationName: return .string(Self.operations[r.below(Self.operations.count)])
        case .message: return .string(Self.messages[r.below(Self.messages.count)])
        case .guid: return .string(EntityPools.guid(&r))
        case .duration: return .long(Int64(r.below(60_000)))
        case .score: return .real(Double(r.below(1000)) / 10)
        case .fallback: return fallback(name: name, type: type, &r)
        }
    }

    /// A plain value of `type` for a column no rule names; one in twenty is null (empty).
    func fallback(name: String, type: KQLType, _ r: inout SplitMix64) -> GenValue {
        if r.below(20) == 0 { return type == .string ? .string("") : .null }
        switch type {
        case .bool: return .bool(r.below(2) == 0)
        case .int, .long: return .long(Int64(r.below(100)))
        case .real, .decimal: return .real(Double(r.below(100_000)) / 100)
        case .datetime: return .time(ctx.time - Int64(r.next() % UInt64(DateTime.ticksPerDay)))
        case .timespan: return .long(Int64(r.below(3600)) * DateTime.ticksPerSecond)
        case .guid: return .string(EntityPools.guid(&r))
        case .dynamic: return .json(#"{"\#(name)":"value\#(r.below(5))","Count":\#(r.below(10))}"#)
        case .string: return .string("\(name)-\(r.below(8))")
        }
    }
}

extension GenValue {
    /// The value fitted to a catalog type (see the file header).
    func coerced(to type: KQLType, _ r: inout SplitMix64) -> GenValue {
        switch (self, type) {
        case (.null, _): return .null
        case (.string, .string), (.long, .int), (.long, .long), (.real, .real), (.bool, .bool), (.time, .datetime),
             (.json, .dynamic):
            return self
        case (.string(let s), .guid): return GUID(parsing: Substring(s)) == nil ? .string(EntityPools.guid(&r)) : self
        case (_, .string): return .string(text)
        case (.long(let v), .real): return .real(Double(v))
        case (.real(let v), .int), (.real(let v), .long): return .long(Int64(v.rounded()))
        case (.bool(let b), .int), (.bool(let b), .long): return .long(b ? 1 : 0)
        case (.string(let s), .int), (.string(let s), .long): return Int64(s).map { .long($0) } ?? .long(Int64(r.below(100)))
        case (.string(let s), .dynamic): return .json(JSONText.quoted(s))
        case (.long(let v), .dynamic): return .json(String(v))
        case (.real(let v), .dynamic): return .json(String(v))
        case (.bool(let b), .dynamic): return .json(b ? "true" : "false")
        case (.time, .dynamic): return .json(JSONText.quoted(text))
        case (_, .bool): return .bool(r.below(2) == 0)
        case (_, .datetime): return .null
        case (_, .int), (_, .long): return .long(Int64(r.below(100)))
        case (_, .real), (_, .decimal): return .real(Double(r.below(10_000)) / 100)
        case (_, .guid): return .string(EntityPools.guid(&r))
        case (_, .timespan): return .long(Int64(r.below(3600)) * DateTime.ticksPerSecond)
        default: return self
        }
    }

    /// The value as text (a string column's content).
    var text: String {
        switch self {
        case .null: return ""
        case .string(let s), .json(let s): return s
        case .long(let v): return String(v)
        case .real(let v): return String(v)
        case .bool(let b): return b ? "true" : "false"
        case .time(let t): return DateTime.format(t)
        }
    }
}

enum JSONText {
    /// A JSON string literal.
    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSON.writeString(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
