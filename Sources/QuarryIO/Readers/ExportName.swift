import Foundation

/// How the names of exported files map to tables, and which files of an export folder are not
/// telemetry.
///
/// Decisions (also in QuarryIO/README.md, "Export folders"):
/// - A browser's second download `Name (1).csv` is `Name`: the suffix ` (N)` is dropped from
///   every name, catalogued or not.
/// - A copy or date-stamp suffix (`-2`, `_3`, `_2024-06-01`, `-20240601T1000`, ` 2024-06-01 10_00`)
///   is dropped only when what is left is a catalogued table: `Top-10.csv` stays `Top-10`.
/// - Files whose extension is documentation or an archive (`.md`, `.txt`, `.pdf`, `.html`,
///   `.zip`, `.parquet`) and licence or readme files (`LICENSE*`, `COPYING*`, `README*`,
///   `NOTICE*`) are not telemetry: a folder skips them with one note. A file named after a
///   catalogued table is always data, whatever its extension.
public enum ExportName {
    /// The name without its extensions (from the first dot on) and without a trailing ` (N)`.
    public static func stem(_ component: String) -> String {
        var stem = Substring(component)
        if let dot = stem.firstIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        // " (12)" or "(12)" at the end.
        if stem.last == ")", let open = stem.lastIndex(of: "("), open != stem.startIndex {
            let digits = stem[stem.index(after: open)..<stem.index(before: stem.endIndex)]
            if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) {
                var cut = open
                while cut > stem.startIndex, stem[stem.index(before: cut)] == " " { cut = stem.index(before: cut) }
                if cut > stem.startIndex { stem = stem[..<cut] }
            }
        }
        return String(stem)
    }

    /// `stem` itself, then each shorter prefix that ends before a separator (`-`, `_`, ` `)
    /// followed only by a stamp (digits and `-_ :T` with at least one digit), longest first.
    public static func stampless(_ stem: String) -> [String] {
        var out = [stem]
        let chars = Array(stem)
        var i = chars.count - 1
        while i > 0 {
            let c = chars[i]
            if c == "-" || c == "_" || c == " " {
                let rest = chars[(i + 1)...]
                if rest.contains(where: \.isASCIIDigit),
                   rest.allSatisfy({ $0.isASCIIDigit || "-_ :T".contains($0) }) {
                    out.append(String(chars[..<i]))
                }
            } else if !(c.isASCIIDigit || c == ":" || c == "T") {
                break   // a stamp holds only these; nothing further left can start one
            }
            i -= 1
        }
        return out
    }

    static let documentExtensions: Set<String> = ["md", "txt", "zip", "parquet", "pdf", "html", "htm", "rtf", "doc", "docx"]
    static let documentPrefixes = ["LICENSE", "LICENCE", "COPYING", "README", "NOTICE", "CHANGELOG"]

    /// Whether a file of an export folder is documentation, a licence or an archive rather than
    /// telemetry (see the type's comment).
    public static func isNotTelemetry(_ fileName: String) -> Bool {
        if SchemaCatalog.table(fromPathComponent: fileName) != nil { return false }
        let upper = fileName.uppercased()
        if documentPrefixes.contains(where: { upper.hasPrefix($0) }) { return true }
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return false }
        return documentExtensions.contains(fileName[fileName.index(after: dot)...].lowercased())
    }

    /// The one note for the files of a folder skipped as not telemetry, nil when none was.
    static func skippedNote(_ names: [String]) -> String? {
        guard !names.isEmpty else { return nil }
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", … (\(names.count - 5) more)" : "")
        return "skipped \(names.count) file\(names.count == 1 ? "" : "s") that \(names.count == 1 ? "is" : "are") not telemetry: \(shown) (bind one with --table NAME=PATH to read it)"
    }
}

extension TableReader {
    static func isDirectory(_ path: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
