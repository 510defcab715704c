import Foundation
import KQLColumns
import KQLEngine
import QuarryIO
import Testing

/// The founding hunt on generated data, against an independent computation: a naive CSV split,
/// Foundation's JSON and NSRegularExpression, and a hand-written RFC 1918 check — none of
/// Quarry's readers, regex engine or kernels.
@Suite struct FoundingHuntAcceptanceTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let now = "2025-05-10T00:00:00Z"

    struct Case: CustomStringConvertible, Sendable {
        var form: GeneratorOptions.Form
        var format: GeneratorOptions.Format
        var description: String { "\(form.rawValue)/\(format.rawValue)" }
    }

    static let cases: [Case] = [
        Case(form: .advancedHunting, format: .csv), Case(form: .advancedHunting, format: .jsonl), Case(form: .advancedHunting, format: .streaming),
        Case(form: .sentinel, format: .csv), Case(form: .sentinel, format: .jsonl), Case(form: .sentinel, format: .streaming),
    ]

    @Test(arguments: cases)
    func huntMatchesIndependentComputation(_ c: Case) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-accept-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("events.\(c.format == .csv ? "csv" : "json")").path
        let nowTicks = DateTime.parseISO(Substring(Self.now))!
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 7, rows: 20_000, end: nowTicks, days: 14, form: c.form, format: c.format), to: file)

        let huntFile = c.form == .advancedHunting ? "inbound-connections.mde.kql" : "inbound-connections.sentinel.kql"
        let hunt = try String(contentsOf: Self.repoRoot.appendingPathComponent("hunts").appendingPathComponent(huntFile), encoding: .utf8)
        let (table, _) = try TableReader.read(path: file, tableName: "DeviceNetworkEvents", options: ReadOptions())
        let result = try QuerySession(tables: ["DeviceNetworkEvents": TableSource(table)]).run(hunt, options: QueryOptions(now: nowTicks))

        let timeColumn = c.form == .advancedHunting ? "Timestamp" : "TimeGenerated"
        #expect(result.table.schema.fields.map(\.name) == [timeColumn, "DeviceName", "RemoteIP", "RemotePort", "RemoteIPIsPrivate", "FourToSixPrivate", "LocalIP", "LocalPort"])
        #expect(result.table.schema.fields.map(\.type) == [.datetime, .string, .string, .int, .long, .string, .string, .int])

        let actual = result.table.rows().map { row -> [String] in
            row.map { v in
                switch v {
                case .datetime(let t): return String(t)
                case .null: return "null"
                case .string(let s): return s
                case .int(let x): return String(x)
                case .long(let x): return String(x)
                default: return "\(v)"
                }
            }
        }
        let expected = try Self.independentHunt(file: file, format: c.format, form: c.form, nowTicks: nowTicks, timeColumn: timeColumn)
        #expect(expected.count > 10, "the generated data should hold accepted inbound connections of the investigated device")
        #expect(actual.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        let privateFlags = Set(expected.map { $0[4] })
        #expect(privateFlags == ["0", "1"], "both private and public remote addresses should occur")
    }

    // MARK: - The independent computation

    static func independentHunt(file: String, format: GeneratorOptions.Format, form: GeneratorOptions.Form, nowTicks: Int64, timeColumn: String) throws -> [[String]] {
        let records = try readRecords(file: file, format: format, form: form)
        let cutoff = nowTicks - 10 * 864_000_000_000
        let regex = try NSRegularExpression(pattern: "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")
        var out: [[String]] = []
        for r in records {
            guard let ts = r[timeColumn].flatMap({ $0 }).flatMap(parseTicks), ts > cutoff,
                  r["DeviceName"] == .some("test.domain.tld"), r["ActionType"] == .some("InboundConnectionAccepted") else { continue }
            let remote = r["RemoteIP"].flatMap { $0 } ?? ""
            let ns = remote as NSString
            let m = regex.firstMatch(in: remote, range: NSRange(location: 0, length: ns.length))
            let fourToSix = m.map { ns.substring(with: $0.range) } ?? ""
            let isPrivate = rfc1918(remote) == true ? 1 : (rfc1918(fourToSix) == true ? 1 : 0)
            out.append([String(ts), "test.domain.tld", remote, r["RemotePort"].flatMap { $0 } ?? "null", String(isPrivate), fourToSix,
                        r["LocalIP"].flatMap { $0 } ?? "", r["LocalPort"].flatMap { $0 } ?? "null"])
        }
        return out
    }

    /// Records as column → text (nil = JSON null or an empty CSV field).
    static func readRecords(file: String, format: GeneratorOptions.Format, form: GeneratorOptions.Form) throws -> [[String: String?]] {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        if format == .csv {
            let rows = naiveCSV(text)
            let header = rows[0]
            return rows.dropFirst().filter { $0.count == header.count }.map { row in
                Dictionary(uniqueKeysWithValues: zip(header, row.map { $0.isEmpty ? nil : $0 }))
            }
        }
        var out: [[String: String?]] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            var rows: [[String: Any]] = []
            if let records = obj["records"] as? [[String: Any]] { rows = records } else { rows = [obj] }
            for var row in rows {
                if let props = row["properties"] as? [String: Any] { row = props }
                out.append(row.mapValues { v -> String? in
                    if v is NSNull { return nil }
                    if let n = v as? NSNumber { return n.stringValue }
                    return "\(v)"
                })
            }
        }
        return out
    }

    static func naiveCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", inQuotes = false
        var it = Array(text.replacingOccurrences(of: "\r\n", with: "\n")).makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? it.next() {
            pending = nil
            if inQuotes {
                if ch == "\"" {
                    if let n = it.next() { if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n } } else { inQuotes = false }
                } else { field.append(ch) }
            } else if ch == "\"" { inQuotes = true }
            else if ch == "," { row.append(field); field = "" }
            else if ch == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(ch) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// `yyyy-MM-ddTHH:mm:ss[.fffffff]Z` to 100-ns ticks since 0001-01-01, via Foundation's calendar.
    static let secondsFormatter: DateFormatter = {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let f = DateFormatter()
        f.calendar = cal; f.timeZone = cal.timeZone; f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return f
    }()

    static func parseTicks(_ s: String) -> Int64? {
        let parts = s.dropLast(s.hasSuffix("Z") ? 1 : 0).split(separator: ".")
        guard let d = secondsFormatter.date(from: String(parts[0])) else { return nil }
        var frac: Int64 = 0
        if parts.count > 1 {
            let digits = String(parts[1].prefix(7))
            frac = Int64(digits + String(repeating: "0", count: 7 - digits.count)) ?? 0
        }
        return Int64(d.timeIntervalSince1970) * 10_000_000 + 621_355_968_000_000_000 + frac
    }

    /// True/false for dotted-quad IPv4 (optional /prefix), nil for anything else.
    static func rfc1918(_ s: String) -> Bool? {
        let addr = s.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        let octets = addr.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var v: [Int] = []
        for o in octets {
            guard (1...3).contains(o.count), o.allSatisfy(\.isASCII), let n = Int(o), n <= 255 else { return nil }
            v.append(n)
        }
        return v[0] == 10 || (v[0] == 172 && (16...31).contains(v[1])) || (v[0] == 192 && v[1] == 168)
    }
}

/// The hunts shipped in `hunts/` are the founding hunt's queries verbatim.
@Suite struct ShippedHuntsAreVerbatimTests {
    @Test(arguments: ["inbound-connections.mde.kql", "inbound-connections.sentinel.kql"])
    func shippedHuntEqualsSeed(_ name: String) throws {
        let root = FoundingHuntAcceptanceTests.repoRoot
        let seed = root.deletingLastPathComponent().appendingPathComponent("shared/seed/\(name)")
        guard let original = FileManager.default.contents(atPath: seed.path) else {
            print("skipping: \(seed.path) not found (the shared seed is a development aid)")
            return
        }
        let shipped = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("hunts/\(name)").path))
        #expect(shipped == original)
    }
}
