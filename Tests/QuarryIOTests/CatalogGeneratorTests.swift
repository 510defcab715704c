import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// `CatalogGenerator`: every catalog table, in each of its forms and in both file formats,
/// reads back with the catalog's column types; same seed → same bytes; tables share entities.
@Suite struct CatalogGeneratorTests {
    static let end = DateTime.ticks(year: 2025, month: 5, day: 10)

    static func options(_ form: CatalogFormKind, _ format: GeneratorOptions.Format, rows: Int = 25, seed: UInt64 = 1) -> GeneratorOptions {
        GeneratorOptions(seed: seed, rows: rows, end: end, days: 14, form: form == .sentinel ? .sentinel : .advancedHunting, format: format)
    }

    @Test(arguments: [GeneratorOptions.Format.csv, .jsonl])
    func everyTableEveryFormReadsBackTyped(format: GeneratorOptions.Format) throws {
        let dir = TestPaths.tempDir("catalog\(format)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var checked = 0
        for table in SchemaCatalog.tableNames {
            for form in SchemaCatalog.lookup(table: table) {
                let path = dir + "/\(table).\(form.kind).\(format == .csv ? "csv" : "jsonl")"
                try CatalogGenerator.write(table: table, options: Self.options(form.kind, format), to: path)
                let (t, r) = try TableReader.read(path: path, tableName: table, options: ReadOptions())
                #expect(t.rowCount == 25, "\(table) \(form.kind)")
                #expect(r.inferredColumns.isEmpty, "\(table) \(form.kind): \(r.inferredColumns)")
                #expect(t.schema.fields.count == form.schema.fields.count, "\(table) \(form.kind)")
                for f in form.schema.fields {
                    #expect(t.type(f.name) == f.type, "\(table) \(form.kind) \(f.name)")
                }
                // The time column holds times inside the window.
                let lo = Self.end - 14 * DateTime.ticksPerDay
                #expect(form.timeColumn.isEmpty || t.column(form.timeColumn).allSatisfy {
                    if case .datetime(let x) = $0 { return x >= lo && x <= Self.end }; return false
                }, "\(table) \(form.kind)")
                checked += 1
            }
        }
        #expect(checked >= 240)
    }

    @Test func sameSeedSameBytes() throws {
        let dir = TestPaths.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (table, kind) in [("DeviceProcessEvents", CatalogFormKind.advancedHunting), ("SigninLogs", .sentinel), ("DeviceNetworkInfo", .sentinel)] {
            for format in [GeneratorOptions.Format.csv, .jsonl] {
                func bytes(_ seed: UInt64, _ name: String) throws -> Data {
                    let p = dir + "/" + name
                    try CatalogGenerator.write(table: table, options: Self.options(kind, format, rows: 300, seed: seed), to: p)
                    return try Data(contentsOf: URL(fileURLWithPath: p))
                }
                let a = try bytes(9, "a"), b = try bytes(9, "b"), c = try bytes(10, "c")
                #expect(a == b, "\(table) \(format)")
                #expect(a != c, "\(table) \(format)")
            }
        }
    }

    /// Values of one column as strings (nulls dropped).
    static func strings(_ t: Table, _ column: String) -> Set<String> {
        Set(t.column(column).compactMap { if case .string(let s) = $0 { return s }; return nil })
    }

    @Test func tablesShareEntities() throws {
        let dir = TestPaths.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func read(_ table: String, _ kind: CatalogFormKind) throws -> Table {
            let p = dir + "/\(table).csv"
            try CatalogGenerator.write(table: table, options: Self.options(kind, .csv, rows: 200), to: p)
            return try TableReader.read(path: p, tableName: table, options: ReadOptions()).0
        }
        let proc = try read("DeviceProcessEvents", .advancedHunting)
        let net = try read("DeviceNetworkEvents", .advancedHunting)
        let file = try read("DeviceFileEvents", .advancedHunting)
        let signin = try read("SigninLogs", .sentinel)
        #expect(!Self.strings(proc, "DeviceId").intersection(Self.strings(net, "DeviceId")).isEmpty)
        #expect(!Self.strings(proc, "DeviceName").intersection(Self.strings(net, "DeviceName")).isEmpty)
        #expect(!Self.strings(proc, "SHA1").intersection(Self.strings(file, "SHA1")).isEmpty)
        #expect(!Self.strings(proc, "AccountUpn").intersection(Self.strings(signin, "UserPrincipalName")).isEmpty)
        #expect(!Self.strings(proc, "AccountObjectId").intersection(Self.strings(signin, "UserId")).isEmpty
                || !Self.strings(proc, "AccountUpn").intersection(Self.strings(signin, "UserId")).isEmpty)
        let reports = { (t: Table) in Set(t.column("ReportId").compactMap { v -> Int64? in if case .long(let x) = v { return x }; return nil }) }
        #expect(!reports(proc).intersection(reports(net)).isEmpty)
        // A row agrees with itself: one DeviceName per DeviceId.
        var nameOf: [String: String] = [:]
        let ids = proc.column("DeviceId"), names = proc.column("DeviceName")
        for i in 0..<proc.rowCount {
            guard case .string(let id) = ids[i], case .string(let n) = names[i] else { continue }
            #expect(nameOf[id, default: n] == n)
            nameOf[id] = n
        }
    }

    @Test func shapedColumns() throws {
        let dir = TestPaths.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = dir + "/DeviceNetworkInfo.jsonl"
        try CatalogGenerator.write(table: "DeviceNetworkInfo", options: Self.options(.sentinel, .jsonl, rows: 20), to: p)
        let t = try TableReader.read(path: p, tableName: "DeviceNetworkInfo", options: ReadOptions()).0
        for v in t.column("IPAddresses") {
            guard case .dynamic(.array(let items)) = v, case .object(let first)? = items.first else {
                Issue.record("IPAddresses is not an array of objects: \(v)"); continue
            }
            #expect(first["IPAddress"] != nil && first["SubnetPrefix"] != nil && first["AddressType"] != nil)
        }
        let q = dir + "/DeviceProcessEvents.csv"
        try CatalogGenerator.write(table: "DeviceProcessEvents", options: Self.options(.advancedHunting, .csv, rows: 50), to: q)
        let proc = try TableReader.read(path: q, tableName: "DeviceProcessEvents", options: ReadOptions()).0
        let hex = { (s: String, n: Int) in s.count == n && s.allSatisfy { $0.isHexDigit } }
        #expect(Self.strings(proc, "SHA1").allSatisfy { hex($0, 40) })
        #expect(Self.strings(proc, "SHA256").allSatisfy { hex($0, 64) })
        #expect(Self.strings(proc, "MD5").allSatisfy { hex($0, 32) })
        #expect(Self.strings(proc, "ActionType") == ["ProcessCreated"])
        #expect(Self.strings(proc, "AccountUpn").allSatisfy { $0.contains("@") })
        #expect(Self.strings(proc, "AccountObjectId").allSatisfy { GUID(parsing: Substring($0)) != nil })
    }

    @Test func unknownTableOrMissingFormIsAClearError() {
        #expect(throws: CatalogGenerator.GenerateError.self) {
            try CatalogGenerator.write(table: "NoSuchTable", options: Self.options(.advancedHunting, .csv), to: "/dev/null")
        }
        // SigninLogs has no Advanced Hunting form.
        #expect(throws: CatalogGenerator.GenerateError.self) {
            try CatalogGenerator.write(table: "SigninLogs", options: Self.options(.advancedHunting, .csv), to: "/dev/null")
        }
    }
}
