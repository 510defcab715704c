import KQLColumns

/// SplitMix64: small, fast, deterministic across platforms (unlike Swift's default generator).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n (n > 0; the tiny modulo bias is irrelevant here).
    @inline(__always) mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Produces one synthetic DeviceNetworkEvents row at a time and writes its cells.
struct RowGenerator {
    typealias Col = SyntheticDeviceNetworkEvents.Col

    enum Action: Int, CaseIterable {
        case connectionSuccess, connectionFailed, connectionRequest, connectionFound, connectionAttempt,
             inboundConnectionAccepted, listeningConnectionCreated,
             dnsInspected, httpInspected, sslInspected, icmpInspected

        var name: StaticString {
            switch self {
            case .connectionSuccess: return "ConnectionSuccess"
            case .connectionFailed: return "ConnectionFailed"
            case .connectionRequest: return "ConnectionRequest"
            case .connectionFound: return "ConnectionFound"
            case .connectionAttempt: return "ConnectionAttempt"
            case .inboundConnectionAccepted: return "InboundConnectionAccepted"
            case .listeningConnectionCreated: return "ListeningConnectionCreated"
            case .dnsInspected: return "DnsConnectionInspected"
            case .httpInspected: return "HttpConnectionInspected"
            case .sslInspected: return "SslConnectionInspected"
            case .icmpInspected: return "IcmpConnectionInspected"
            }
        }
        var isInspection: Bool { rawValue >= Action.dnsInspected.rawValue }
    }

    /// Per-mille shares of each action: ordinary devices, and the investigated device.
    static let shares: [(Action, Int, Int)] = [
        (.connectionSuccess, 560, 300), (.connectionFailed, 80, 40), (.connectionRequest, 90, 60),
        (.connectionFound, 25, 10), (.connectionAttempt, 10, 5), (.inboundConnectionAccepted, 60, 450),
        (.listeningConnectionCreated, 45, 60), (.dnsInspected, 70, 40), (.httpInspected, 20, 10),
        (.sslInspected, 35, 20), (.icmpInspected, 5, 5),
    ]

    struct Process {
        var file: [UInt8], folder: [UInt8], command: [UInt8], sha1: [UInt8], system: Bool
    }

    static let processSpecs: [(String, String, String, Bool)] = [
        ("svchost.exe", #"c:\windows\system32\svchost.exe"#, "svchost.exe -k NetworkService -p -s Dnscache", true),
        ("svchost.exe", #"c:\windows\system32\svchost.exe"#, "svchost.exe -k termsvcs -s TermService", true),
        ("chrome.exe", #"c:\program files\google\chrome\application\chrome.exe"#,
         #""chrome.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US"#, false),
        ("msedge.exe", #"c:\program files (x86)\microsoft\edge\application\msedge.exe"#,
         #""msedge.exe" --type=utility --utility-sub-type=network.mojom.NetworkService"#, false),
        ("MsSense.exe", #"c:\program files\windows defender advanced threat protection\mssense.exe"#, #""MsSense.exe""#, true),
        ("powershell.exe", #"c:\windows\system32\windowspowershell\v1.0\powershell.exe"#,
         #"powershell.exe -NoProfile -ExecutionPolicy Bypass -File "C:\Scripts\inventory, v2.ps1""#, false),
        ("ms-teams.exe", #"c:\program files\windowsapps\msteams_24004.1403.2634.2418_x64__8wekyb3d8bbwe\ms-teams.exe"#,
         #""ms-teams.exe" msteams:system-initiated"#, false),
        ("OUTLOOK.EXE", #"c:\program files\microsoft office\root\office16\outlook.exe"#,
         #""OUTLOOK.EXE" /recycle"#, false),
        ("OneDrive.exe", #"c:\users\public\appdata\local\microsoft\onedrive\onedrive.exe"#, #""OneDrive.exe" /background"#, false),
        ("System", "", "", true),
        ("lsass.exe", #"c:\windows\system32\lsass.exe"#, #"C:\WINDOWS\system32\lsass.exe"#, true),
        ("httpd.exe", #"c:\apache24\bin\httpd.exe"#, #"C:\Apache24\bin\httpd.exe -d C:/Apache24 -k runservice"#, true),
        ("sqlservr.exe", #"c:\program files\microsoft sql server\mssql15.mssqlserver\mssql\binn\sqlservr.exe"#,
         #""C:\Program Files\Microsoft SQL Server\MSSQL15.MSSQLSERVER\MSSQL\Binn\sqlservr.exe" -sMSSQLSERVER"#, true),
        ("java.exe", #"c:\program files\java\jre1.8.0_381\bin\java.exe"#,
         #""java.exe" -Xmx512m -jar "C:\Tools\agent.jar" --config="a=1,b=2""#, false),
    ]

    static let users: [String] = ["jdoe", "asmith", "mgarcia", "lchen", "pnovak", "kwilson", "admin.rtaylor", "svc_backup"]
    static let urls: [String] = ["www.microsoft.com", "login.microsoftonline.com", "graph.microsoft.com", "outlook.office365.com",
                                 "update.googleapis.com", "teams.microsoft.com", "github.com", "cdn.contoso-partner.net",
                                 "winatp-gw-weu.microsoft.com", "example.org"]
    static let groups: [String] = ["UnassignedGroup", "Workstations", "Servers", "Finance Tier 1"]
    static let publicFirstOctets: [Int] = [13, 20, 23, 40, 51, 52, 104, 140, 142, 151, 185, 203]
    static let outboundPorts: [Int64] = [443, 443, 443, 443, 443, 80, 80, 53, 445, 135, 3389, 22, 8080, 5985, 123, 389]
    static let inboundServicePorts: [Int64] = [3389, 3389, 445, 445, 80, 443, 22, 8080, 5985, 135]

    let options: GeneratorOptions
    var rng: SplitMix64
    let deviceNames: [[UInt8]]
    let deviceIds: [[UInt8]]
    let processes: [Process]
    let userBytes: [[UInt8]]
    let urlBytes: [[UInt8]]
    let groupBytes: [[UInt8]]
    let shareTable: [Action]       // 1000 entries, ordinary devices
    let investigatedTable: [Action]  // 1000 entries, the investigated device

    // The current row.
    var time: Int64 = 0
    var received: Int64 = 0
    var device = 0                  // index into deviceNames (last = investigated device)
    var nameVariant = 0
    var action = Action.connectionSuccess
    var remoteIP: [UInt8] = []
    var remoteIPType: StaticString = ""
    var localIP: [UInt8] = []
    var localIPType: StaticString = ""
    var remotePort: Int64? = nil
    var localPort: Int64? = nil
    var remoteUrl = -1
    var proto: StaticString = "Tcp"
    var process = -1
    var pid: Int64? = nil
    var user = 0
    var reportId: Int64 = 0
    var additional: [UInt8] = []
    var group = 0
    var scratch: [UInt8] = []

    init(options: GeneratorOptions) {
        self.options = options
        rng = SplitMix64(seed: options.seed)
        let n = max(1, options.devices)
        var names: [[UInt8]] = [], ids: [[UInt8]] = []
        names.reserveCapacity(n + 1); ids.reserveCapacity(n + 1)
        var idRng = SplitMix64(seed: 0xD1CE_0000 ^ options.seed)
        for i in 0...n {
            if i == n {
                names.append(Array(SyntheticDeviceNetworkEvents.investigatedDevice.utf8))
            } else {
                var s = String(i)
                while s.count < 5 { s = "0" + s }
                names.append(Array("ws-\(s).contoso.local".utf8))
            }
            ids.append(RowGenerator.hex(&idRng, 40))
        }
        deviceNames = names
        deviceIds = ids
        var pRng = SplitMix64(seed: 0x5A1)
        processes = RowGenerator.processSpecs.map { spec in
            Process(file: Array(spec.0.utf8), folder: Array(spec.1.utf8), command: Array(spec.2.utf8),
                    sha1: RowGenerator.hex(&pRng, 40), system: spec.3)
        }
        userBytes = RowGenerator.users.map { Array($0.utf8) }
        urlBytes = RowGenerator.urls.map { Array($0.utf8) }
        groupBytes = RowGenerator.groups.map { Array($0.utf8) }
        func table(_ pick: ((Action, Int, Int)) -> Int) -> [Action] {
            var t: [Action] = []
            for s in RowGenerator.shares { t.append(contentsOf: repeatElement(s.0, count: pick(s))) }
            return t
        }
        shareTable = table { $0.1 }
        investigatedTable = table { $0.2 }
        remoteIP.reserveCapacity(64); localIP.reserveCapacity(64); additional.reserveCapacity(256); scratch.reserveCapacity(256)
    }

    static func hex(_ r: inout SplitMix64, _ n: Int) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        var w = r.next(), left = 16
        for _ in 0..<n {
            if left == 0 { w = r.next(); left = 16 }
            out.append(digits[Int(w & 15)]); w >>= 4; left -= 1
        }
        return out
    }

    // MARK: - Row

    mutating func next() {
        let span = Int64(max(1, options.days)) * DateTime.ticksPerDay
        time = options.end - Int64(rng.next() % UInt64(span))
        received = time + DateTime.ticksPerSecond + Int64(rng.next() % UInt64(300 * DateTime.ticksPerSecond))
        let ordinary = deviceNames.count - 1
        if rng.below(1000) < 30 {
            device = ordinary
            let v = rng.below(100)
            nameVariant = v < 90 ? 0 : v < 95 ? 1 : v < 98 ? 2 : 3
            action = investigatedTable[rng.below(investigatedTable.count)]
        } else {
            // Skewed: low-numbered devices are busier.
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            device = min(ordinary - 1, Int(u * u * Double(ordinary)))
            nameVariant = 0
            action = shareTable[rng.below(shareTable.count)]
        }
        reportId = Int64(rng.below(250_000) + 1)
        user = device % RowGenerator.users.count
        group = device % RowGenerator.groups.count
        remoteUrl = -1
        additional.removeAll(keepingCapacity: true)
        remotePort = nil; localPort = nil
        proto = "Tcp"
        process = rng.below(processes.count)
        pid = Int64(4 * (rng.below(16_000) + 1))
        if processes[process].file == Array("System".utf8) { pid = 4 }

        switch action {
        case .inboundConnectionAccepted:
            let r = rng.below(100)
            if r < 40 { RowGenerator.privateV4(&rng, &remoteIP, mapped: false); remoteIPType = "Private" }
            else if r < 70 { RowGenerator.privateV4(&rng, &remoteIP, mapped: true); remoteIPType = "FourToSixMapping" }
            else if r < 80 { RowGenerator.publicV4(&rng, &remoteIP, mapped: true); remoteIPType = "FourToSixMapping" }
            else if r < 95 { RowGenerator.publicV4(&rng, &remoteIP, mapped: false); remoteIPType = "Public" }
            else { RowGenerator.ipv6(&rng, &remoteIP); remoteIPType = "Public" }
            let mapped = r >= 40 && r < 80
            localV4(mapped: mapped)
            remotePort = Int64(49152 + rng.below(16384))
            localPort = RowGenerator.inboundServicePorts[rng.below(RowGenerator.inboundServicePorts.count)]
        case .listeningConnectionCreated:
            remoteIP.removeAll(keepingCapacity: true); remoteIPType = ""
            localIP.removeAll(keepingCapacity: true)
            if rng.below(2) == 0 { localIP.append(contentsOf: "0.0.0.0".utf8); proto = "TcpV4" } else { localIP.append(contentsOf: "::".utf8); proto = "TcpV6" }
            localIPType = ""
            localPort = RowGenerator.inboundServicePorts[rng.below(RowGenerator.inboundServicePorts.count)]
        default:
            let r = rng.below(1000)
            if r < 330 { RowGenerator.privateV4(&rng, &remoteIP, mapped: false); remoteIPType = "Private" }
            else if r < 640 { RowGenerator.publicV4(&rng, &remoteIP, mapped: false); remoteIPType = "Public" }
            else if r < 740 { RowGenerator.privateV4(&rng, &remoteIP, mapped: true); remoteIPType = "FourToSixMapping" }
            else if r < 790 { RowGenerator.publicV4(&rng, &remoteIP, mapped: true); remoteIPType = "FourToSixMapping" }
            else if r < 850 { RowGenerator.ipv6(&rng, &remoteIP); remoteIPType = "Public" }
            else if r < 870 { RowGenerator.linkLocal(&rng, &remoteIP); remoteIPType = "LinkLocal" }
            else if r < 890 {
                remoteIP.removeAll(keepingCapacity: true)
                remoteIP.append(contentsOf: (rng.below(2) == 0 ? "127.0.0.1" : "::1").utf8)
                remoteIPType = "Loopback"
            } else {
                remoteIP.removeAll(keepingCapacity: true); remoteIPType = ""
            }
            localV4(mapped: r >= 640 && r < 790)
            if !remoteIP.isEmpty { remotePort = RowGenerator.outboundPorts[rng.below(RowGenerator.outboundPorts.count)] }
            localPort = Int64(49152 + rng.below(16384))
            if remotePort == 53 || remotePort == 123 { proto = "Udp" }
            if (r >= 350 && r < 640) || (r >= 790 && r < 850), rng.below(3) == 0 { remoteUrl = rng.below(urlBytes.count) }
        }
        if remoteIP.isEmpty { remotePort = nil; if action != .listeningConnectionCreated { remoteIPType = "" } }

        if action.isInspection {
            process = -1; pid = nil
            localIPType = ""; remoteIPType = ""
            let dir: StaticString = rng.below(4) == 0 ? "In" : "Out"
            appendAdditional("{\"direction\":\"")
            appendAdditional(dir)
            appendAdditional("\",\"uid\":\"C")
            additional.append(contentsOf: RowGenerator.hex(&rng, 17))
            appendAdditional("\"")
            switch action {
            case .dnsInspected:
                proto = "Udp"; remotePort = 53
                appendAdditional(",\"query\":\"")
                additional.append(contentsOf: urlBytes[rng.below(urlBytes.count)])
                appendAdditional("\",\"rcode\":0,\"answers\":\"[\\\"20.50.201.200\\\"]\"")
            case .httpInspected:
                remotePort = 80
                appendAdditional(",\"host\":\"")
                additional.append(contentsOf: urlBytes[rng.below(urlBytes.count)])
                appendAdditional("\",\"method\":\"GET\",\"uri\":\"/connecttest.txt\",\"status_code\":200")
            case .sslInspected:
                remotePort = 443
                appendAdditional(",\"server_name\":\"")
                additional.append(contentsOf: urlBytes[rng.below(urlBytes.count)])
                appendAdditional("\",\"version\":\"TLSv12\",\"established\":true")
            default:
                proto = "Icmp"; remotePort = nil; localPort = nil
                appendAdditional(",\"icmp_type\":8")
            }
            appendAdditional("}")
        } else if rng.below(20) == 0 {
            appendAdditional("{}")
        }
    }

    private mutating func appendAdditional(_ s: StaticString) {
        additional.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    private static func octet(_ rng: inout SplitMix64, _ out: inout [UInt8], _ v: Int) {
        if v >= 100 { out.append(UInt8(v / 100) + 48) }
        if v >= 10 { out.append(UInt8(v / 10 % 10) + 48) }
        out.append(UInt8(v % 10) + 48)
    }

    private static func quad(_ rng: inout SplitMix64, _ out: inout [UInt8], _ a: Int, _ b: Int, _ c: Int, _ d: Int, mapped: Bool) {
        out.removeAll(keepingCapacity: true)
        if mapped { out.append(contentsOf: "::ffff:".utf8) }
        RowGenerator.octet(&rng, &out, a); out.append(UInt8(ascii: ".")); RowGenerator.octet(&rng, &out, b); out.append(UInt8(ascii: "."))
        RowGenerator.octet(&rng, &out, c); out.append(UInt8(ascii: ".")); RowGenerator.octet(&rng, &out, d)
    }

    private static func privateV4(_ rng: inout SplitMix64, _ out: inout [UInt8], mapped: Bool) {
        switch rng.below(3) {
        case 0: RowGenerator.quad(&rng, &out, 10, rng.below(256), rng.below(256), 1 + rng.below(254), mapped: mapped)
        case 1: RowGenerator.quad(&rng, &out, 192, 168, rng.below(256), 1 + rng.below(254), mapped: mapped)
        default: RowGenerator.quad(&rng, &out, 172, 16 + rng.below(16), rng.below(256), 1 + rng.below(254), mapped: mapped)
        }
    }

    private static func publicV4(_ rng: inout SplitMix64, _ out: inout [UInt8], mapped: Bool) {
        let a = RowGenerator.publicFirstOctets[rng.below(RowGenerator.publicFirstOctets.count)]
        RowGenerator.quad(&rng, &out, a, rng.below(256), rng.below(256), 1 + rng.below(254), mapped: mapped)
    }

    private static func hextet(_ rng: inout SplitMix64, _ out: inout [UInt8], _ v: Int) {
        let digits = Array("0123456789abcdef".utf8)
        var started = false
        for shift in stride(from: 12, through: 0, by: -4) {
            let d = (v >> shift) & 15
            if d != 0 || started || shift == 0 { out.append(digits[d]); started = true }
        }
    }

    private static func ipv6(_ rng: inout SplitMix64, _ out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: (rng.below(2) == 0 ? "2603:1030:" : "2a02:cf40:").utf8)
        RowGenerator.hextet(&rng, &out, rng.below(65536)); out.append(UInt8(ascii: ":"))
        RowGenerator.hextet(&rng, &out, rng.below(65536)); out.append(contentsOf: "::".utf8)
        RowGenerator.hextet(&rng, &out, 1 + rng.below(65535))
    }

    private static func linkLocal(_ rng: inout SplitMix64, _ out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: "fe80::".utf8)
        RowGenerator.hextet(&rng, &out, rng.below(65536)); out.append(UInt8(ascii: ":"))
        RowGenerator.hextet(&rng, &out, rng.below(65536)); out.append(UInt8(ascii: ":"))
        RowGenerator.hextet(&rng, &out, rng.below(65536)); out.append(UInt8(ascii: ":"))
        RowGenerator.hextet(&rng, &out, rng.below(65536))
    }

    private mutating func localV4(mapped: Bool) {
        let d = device
        RowGenerator.quad(&rng, &localIP, 10, (d >> 16) & 255, (d >> 8) & 255, max(1, d & 255), mapped: mapped)
        localIPType = mapped ? "FourToSixMapping" : "Private"
    }

    // MARK: - Cells

    enum Cell {
        case string(UnsafeBufferPointer<UInt8>)
        case int(Int64?)
        case time(Int64)
        /// JSON object text (AdditionalFields); empty = none.
        case json(UnsafeBufferPointer<UInt8>)
    }

    /// Calls `body` with the current row's cell for column `c`.
    mutating func withCell(_ c: Col, _ body: (Cell) -> Void) {
        func s(_ b: [UInt8]) { b.withUnsafeBufferPointer { body(.string($0)) } }
        func st(_ b: StaticString) { body(.string(UnsafeBufferPointer(start: b.utf8Start, count: b.utf8CodeUnitCount))) }
        let empty: [UInt8] = []
        switch c {
        case .tenantId: st("b7e2d9a1-6c43-4e08-9f15-3d2a8c7b0e64")
        case .time: body(.time(options.form == .sentinel ? time : time))
        case .deviceId: s(deviceIds[device])
        case .deviceName:
            if nameVariant == 0 { s(deviceNames[device]) }
            else if nameVariant == 1 { st("TEST.domain.tld") }
            else if nameVariant == 2 { st("Test.domain.tld") }
            else { st("TEST.DOMAIN.TLD") }
        case .actionType: st(action.name)
        case .remoteIP: s(remoteIP)
        case .remotePort: body(.int(remotePort))
        case .remoteUrl: s(remoteUrl >= 0 ? urlBytes[remoteUrl] : empty)
        case .localIP: s(localIP)
        case .localPort: body(.int(localPort))
        case .proto: st(proto)
        case .localIPType: st(localIPType)
        case .remoteIPType: st(remoteIPType)
        case .fileName: s(process >= 0 ? processes[process].file : empty)
        case .processId: body(.int(pid))
        case .commandLine: s(process >= 0 ? processes[process].command : empty)
        case .accountName:
            if process < 0 { s(empty) }
            else if processes[process].system { st(processes[process].file == Array("svchost.exe".utf8) ? "network service" : "system") }
            else { s(userBytes[user]) }
        case .folderPath: s(process >= 0 ? processes[process].folder : empty)
        case .sha1: s(process >= 0 && !processes[process].folder.isEmpty ? processes[process].sha1 : empty)
        case .reportId: body(.int(reportId))
        case .appGuard: s(empty)
        case .additionalFields: additional.withUnsafeBufferPointer { body(.json($0)) }
        case .accountDomain:
            if process < 0 { s(empty) } else if processes[process].system { st("nt authority") } else { st("contoso") }
        case .type: st("DeviceNetworkEvents")
        case .sourceSystem: st("")
        case .machineGroup: s(groupBytes[group])
        }
    }

    mutating func emitCSV(_ c: Col, _ out: inout OutputBuffer) {
        withCell(c) { cell in
            switch cell {
            case .string(let p), .json(let p): out.csvField(p)
            case .int(let v): if let v { out.int(v) }
            case .time(let t): out.datetime(t)
            }
        }
    }

    /// Writes the row as one JSON object. AdditionalFields is a JSON string in the Advanced
    /// Hunting form and a JSON object in the Sentinel form (null when absent).
    mutating func emitObject(_ cols: [Col], _ keys: [[UInt8]], _ out: inout OutputBuffer, extraMachineGroup: Bool = false) {
        out.byte(UInt8(ascii: "{"))
        let sentinel = options.form == .sentinel
        for (i, c) in cols.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.raw(keys[i])
            withCell(c) { cell in
                switch cell {
                case .string(let p): out.jsonString(p)
                case .int(let v): if let v { out.int(v) } else { out.ascii("null") }
                case .time(let t): out.byte(UInt8(ascii: "\"")); out.datetime(t); out.byte(UInt8(ascii: "\""))
                case .json(let p):
                    if p.isEmpty { out.ascii("null") } else if sentinel { out.raw(p) } else { out.jsonString(p) }
                }
            }
        }
        if extraMachineGroup {
            out.ascii(",\"MachineGroup\":")
            groupBytes[group].withUnsafeBufferPointer { out.jsonString($0) }
        }
        out.byte(UInt8(ascii: "}"))
    }
}
