import ArgumentParser
import Foundation
import KQLColumns
import QuarryIO

/// `quarry schema`: the catalog's documented schemas, or the schema of data files as Quarry reads them.
/// (Named `SchemaCommand` so it does not shadow `KQLColumns.Schema` inside this module.)
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print documented table schemas from the catalog, or the schema of data files as read.",
        discussion: """
            Without arguments, lists every table of the core catalog with its forms; with
            --extended, the extended catalog's tables (the custom logs Sentinel content reads and
            the rest of the Azure Monitor reference), which hunts and files bind by name.
            With TABLE, prints that table's columns and types (both forms unless --form is given).
            With --data DIR or --table NAME=PATH, reads the files and prints each table's columns,
            marking each type as taken from the catalog or inferred from the values.
            """)

    @ArgumentParser.Argument(help: "A catalogued table (case-insensitive).")
    var table: String?

    @Option(help: "Which documented form to print: mde (Advanced Hunting) or sentinel (Log Analytics).")
    var form: String?

    @Option(name: .customLong("table"), help: ArgumentHelp("Read a file or directory as one table and print its schema.", valueName: "NAME=PATH"))
    var tables: [String] = []

    @Option(name: .customLong("data"), help: ArgumentHelp("Read every table in a directory and print their schemas.", valueName: "DIR"))
    var dataDirectories: [String] = []

    @Flag(help: "Skip rows that fail to parse instead of stopping at the first one.")
    var skipBadRows = false

    @Flag(help: "List the extended catalog's tables instead of the core catalog's.")
    var extended = false

    func validate() throws {
        if let form, Self.formKind(form) == nil {
            throw ValidationError("unknown --form '\(form)'; use mde or sentinel")
        }
        if table != nil && !(tables.isEmpty && dataDirectories.isEmpty) {
            throw ValidationError("give a TABLE or --data/--table, not both")
        }
    }

    static func formKind(_ s: String) -> CatalogFormKind? {
        switch s.lowercased() {
        case "mde", "ah", "advancedhunting", "advanced-hunting", "defender": return .advancedHunting
        case "sentinel", "la", "loganalytics", "log-analytics": return .sentinel
        default: return nil
        }
    }

    static func formLabel(_ k: CatalogFormKind) -> String { k == .advancedHunting ? "mde" : "sentinel" }

    func run() throws {
        let kind = form.flatMap(Self.formKind)
        if !tables.isEmpty || !dataDirectories.isEmpty {
            try printDataSchemas()
        } else if let table {
            try printCatalogTable(table, kind: kind)
        } else {
            for name in extended ? SchemaCatalog.extendedTableNames : SchemaCatalog.tableNames {
                let forms = SchemaCatalog.lookup(table: name).filter { kind == nil || $0.kind == kind }
                if forms.isEmpty { continue }
                let labels = forms.map { "\(Self.formLabel($0.kind)) (\($0.schema.fields.count) columns)" }
                print("\(name)\t\(labels.joined(separator: ", "))")
            }
        }
    }

    private func printCatalogTable(_ name: String, kind: CatalogFormKind?) throws {
        guard let canonical = SchemaCatalog.canonicalName(name) else {
            printError("error: '\(name)' is not a catalogued table; run 'quarry schema' for the list")
            throw ExitCode(1)
        }
        let forms = SchemaCatalog.lookup(table: canonical).filter { kind == nil || $0.kind == kind }
        if forms.isEmpty {
            printError("error: table \(canonical) has no \(form ?? "") form in the catalog")
            throw ExitCode(1)
        }
        for (i, f) in forms.enumerated() {
            if i > 0 { print("") }
            let time = f.timeColumn.isEmpty ? "" : ", time column \(f.timeColumn)"
            print("\(canonical) [\(Self.formLabel(f.kind))\(time)]")
            printColumns(f.schema.fields.map { ($0.name, $0.type, nil) })
        }
    }

    private func printDataSchemas() throws {
        var options = ReadOptions()
        options.skipBadRows = skipBadRows
        var first = true
        func emit(_ name: String, _ t: Table, _ report: ReadReport, prefix: String) {
            if !first { print("") }
            first = false
            let formNote = report.forms[name].map { ", catalog form \(Self.formLabel($0))" } ?? ", not catalogued"
            print("\(name) [\(t.rowCount) rows\(formNote)]")
            printColumns(t.schema.fields.map { f in
                (f.name, f.type, report.inferredColumns[prefix + f.name] != nil ? "inferred" : "catalog")
            })
        }
        do {
            for dir in dataDirectories {
                let (tables, report) = try TableReader.readDirectory(dir, options: options)
                noteWarnings(report)
                for name in tables.keys.sorted() { emit(name, tables[name]!, report, prefix: name + ".") }
            }
            for spec in tables {
                guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else {
                    throw ValidationError("--table expects NAME=PATH, got '\(spec)'")
                }
                let name = String(spec[..<eq]), path = String(spec[spec.index(after: eq)...])
                let (t, report) = try TableReader.read(path: path, tableName: name, options: options)
                noteWarnings(report)
                let key = SchemaCatalog.canonicalName(name) ?? name
                var r = report
                if let k = report.forms[key] { r.forms[name] = k }
                emit(name, t, r, prefix: "")
            }
        } catch let e as ReadError {
            printError(e.line > 0 ? "\(e.file):\(e.line):\(e.column): error: \(e.message)" : "\(e.file): error: \(e.message)")
            throw ExitCode(1)
        }
    }

    private func noteWarnings(_ report: ReadReport) {
        for (file, n) in report.skippedRows.sorted(by: { $0.key < $1.key }) where n > 0 {
            printError("warning: skipped \(n) bad row\(n == 1 ? "" : "s") in \(file)")
        }
        for w in report.warnings { printError("warning: \(w)") }
    }

    private func printColumns(_ cols: [(String, KQLType, String?)]) {
        let width = cols.map(\.0.count).max() ?? 0
        for (name, type, origin) in cols {
            let pad = String(repeating: " ", count: max(0, width - name.count))
            if let origin {
                let t = type.description
                print("  \(name)\(pad)  \(t)\(String(repeating: " ", count: max(0, 8 - t.count)))  (\(origin))")
            } else {
                print("  \(name)\(pad)  \(type)")
            }
        }
    }
}
