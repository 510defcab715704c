// CatalogGenerator: deterministic synthetic rows for any table of the schema catalog, in its
// Advanced Hunting or Sentinel form, as CSV (Defender portal export style) or JSON Lines.
//
// Each column gets a ValueKind from ColumnRules (by name and type); each row chooses its
// entities once (RowContext over the seed's EntityPools), so the columns of a row agree and
// tables generated with the same seed share devices, accounts, hashes and ReportIds (joins
// find matches). Rows are written as they are made (OutputBuffer flushes every MB): memory
// does not grow with --rows. Same seed, table, form, format and window → same bytes.

import Foundation
import KQLColumns

public enum CatalogGenerator {
    public struct GenerateError: Error, CustomStringConvertible {
        public var description: String
    }

    /// One written file.
    public struct Written: Sendable {
        public var table: String
        public var form: CatalogFormKind
        public var path: String
        public var rows: Int
    }

    static func kind(_ form: GeneratorOptions.Form) -> CatalogFormKind {
        form == .sentinel ? .sentinel : .advancedHunting
    }

    /// The catalog form to generate: the one asked for, or (when `otherFormIfMissing`) the
    /// table's only form. Throws when the table is unknown or lacks the form.
    public static func form(table: String, form: GeneratorOptions.Form, otherFormIfMissing: Bool = false) throws -> CatalogForm {
        guard let name = SchemaCatalog.canonicalName(table) else {
            throw GenerateError(description: "unknown table '\(table)': not in the schema catalog (`quarry schema` lists the tables)")
        }
        let forms = SchemaCatalog.lookup(table: name)
        if let f = forms.first(where: { $0.kind == kind(form) }) { return f }
        if otherFormIfMissing, let f = forms.first { return f }
        let other = forms.map { $0.kind == .sentinel ? "sentinel" : "defender" }.joined(separator: ", ")
        throw GenerateError(description: "table '\(name)' has no \(form == .sentinel ? "sentinel" : "defender") form in the catalog (it has: \(other))")
    }

    /// Writes `options.rows` rows of `table` to `path`; returns what was written.
    @discardableResult
    public static func write(table: String, options: GeneratorOptions, to path: String, otherFormIfMissing: Bool = false) throws -> Written {
        let f = try form(table: table, form: options.form, otherFormIfMissing: otherFormIfMissing)
        try write(form: f, options: options, to: path)
        return Written(table: f.table, form: f.kind, path: path, rows: options.rows)
    }

    /// Writes every catalog table into `dir` (created if missing), one `<Table>.csv` or
    /// `<Table>.jsonl` each, in `options.form` where the table has it, else in its other form.
    public static func writeAll(options: GeneratorOptions, into dir: String) throws -> [Written] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let ext = options.format == .csv ? "csv" : "jsonl"
        return try SchemaCatalog.tableNames.map { t in
            try write(table: t, options: options, to: (dir as NSString).appendingPathComponent("\(t).\(ext)"), otherFormIfMissing: true)
        }
    }

    /// Writes `options.rows` rows for a schema outside the catalog (an `externaldata` request's
    /// declared columns, a test's table), named `table`: the same column rules as catalog tables
    /// (by column name and type), `options.form`'s time column when the schema has one.
    public static func write(schema: Schema, table: String, options: GeneratorOptions, to path: String) throws {
        let time = options.form == .sentinel ? "TimeGenerated" : "Timestamp"
        try write(form: CatalogForm(table: table, kind: kind(options.form), timeColumn: time, schema: schema), options: options, to: path)
    }

    /// FNV-1a: a table's row stream seed, stable across runs and platforms.
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    struct Column {
        var name: String, type: KQLType, kind: ValueKind, key: [UInt8]
    }

    static func write(form: CatalogForm, options: GeneratorOptions, to path: String) throws {
        if options.format == .streaming {
            throw GenerateError(description: "--format streaming is only available for the classic DeviceNetworkEvents generator (no --table); use csv or jsonl")
        }
        let columns = form.schema.fields.map { f in
            Column(name: f.name, type: f.type, kind: ColumnRules.kind(table: form.table, name: f.name, type: f.type, timeColumn: form.timeColumn),
                   key: Array("\(JSONText.quoted(f.name)):".utf8))
        }
        let pools = EntityPools(seed: options.seed)
        var rng = SplitMix64(seed: options.seed ^ stableHash(form.table) ^ (form.kind == .sentinel ? 0x5E47 : 0))
        var ctx = RowContext()
        let span = Int64(max(1, options.days)) * DateTime.ticksPerDay
        var out = try OutputBuffer(path: path)
        let csv = options.format == .csv
        if csv {
            out.text(columns.map(\.name).joined(separator: ","))
            out.ascii("\r\n")
        }
        for row in 0..<max(0, options.rows) {
            ctx.next(&rng, pools: pools, end: options.end, span: span, row: row)
            let source = GenSource(pools: pools, table: form.table, ctx: ctx, end: options.end)
            if !csv { out.byte(UInt8(ascii: "{")) }
            for (i, c) in columns.enumerated() {
                var v = source.value(c.kind, name: c.name, type: c.type, &rng).coerced(to: c.type, &rng)
                if !options.vocabulary.isEmpty, c.type == .string, c.kind.takesVocabulary, rng.below(3) == 0 {
                    v = .string(options.vocabulary[rng.below(options.vocabulary.count)])
                }
                if csv {
                    if i > 0 { out.byte(UInt8(ascii: ",")) }
                    writeCSV(v, &out)
                } else {
                    if i > 0 { out.byte(UInt8(ascii: ",")) }
                    out.raw(c.key)
                    writeJSON(v, dynamic: c.type == .dynamic, &out)
                }
            }
            if csv { out.ascii("\r\n") } else { out.ascii("}\n") }
            try out.maybeFlush()
        }
        try out.close()
    }

    static func writeCSV(_ v: GenValue, _ out: inout OutputBuffer) {
        switch v {
        case .null: break
        case .string(let s), .json(let s):
            var s = s
            s.withUTF8 { out.csvField($0) }
        case .long(let x): out.int(x)
        case .real(let x): out.text(realText(x))
        case .bool(let b): b ? out.ascii("true") : out.ascii("false")
        case .time(let t): out.datetime(t)
        }
    }

    /// A JSON value; a `.json` cell is written raw in a dynamic column, as a string otherwise.
    static func writeJSON(_ v: GenValue, dynamic: Bool, _ out: inout OutputBuffer) {
        switch v {
        case .null: out.ascii("null")
        case .string(let s):
            var s = s
            s.withUTF8 { out.jsonString($0) }
        case .json(let s):
            var s = s
            if dynamic { out.text(s) } else { s.withUTF8 { out.jsonString($0) } }
        case .long(let x): out.int(x)
        case .real(let x): out.text(realText(x))
        case .bool(let b): b ? out.ascii("true") : out.ascii("false")
        case .time(let t): out.byte(UInt8(ascii: "\"")); out.datetime(t); out.byte(UInt8(ascii: "\""))
        }
    }

    /// Finite reals only are generated; plain decimal text.
    static func realText(_ x: Double) -> String { x.isFinite ? String(x) : "0" }
}
