/// The text data formats `externaldata` reads, by their Kusto names (the ingestion data formats
/// page). Shared by the engine (which checks `with (format=…)` at bind time) and QuarryIO (which
/// parses), so both speak of the same closed set.
///
/// - delimited: `csv` (`,`), `tsv` (tab), `scsv` (`;`), `psv` (`|`), `sohsv` (U+0001), quoted as
///   in RFC 4180; `tsve` is tab-separated with backslash escapes (`\t`, `\n`, `\r`, `\\`) and no quoting;
/// - `txt`: each line is one record (its text goes to the first column), empty lines skipped;
/// - `raw`: the whole content is one record (one value of the first column);
/// - `json`: one JSON object per line (JSON Lines); `multijson`: a JSON array of objects, or
///   objects separated by whitespace, each possibly spanning lines. JSON properties map to the
///   declared columns by name, or by JSONPath with `ingestionMapping` (`ExternalDataMapping`).
public enum ExternalDataFormat: String, Sendable, CaseIterable {
    case csv, tsv, tsve, scsv, sohsv, psv, txt, raw, json, multijson

    /// The field delimiter of a delimited format, nil for the others.
    public var delimiter: UInt8? {
        switch self {
        case .csv: return UInt8(ascii: ",")
        case .tsv, .tsve: return UInt8(ascii: "\t")
        case .scsv: return UInt8(ascii: ";")
        case .psv: return UInt8(ascii: "|")
        case .sohsv: return 0x01
        case .txt, .raw, .json, .multijson: return nil
        }
    }

    /// Kusto's ingestion formats Quarry does not read (binary or log formats): named in errors
    /// as unsupported rather than unknown.
    public static let unsupportedNames: Set<String> = ["avro", "apacheavro", "parquet", "orc", "w3clogfile", "sstream", "azmonstream", "singlejson"]

    /// The format a URL's file extension names (`.csv`, `.tsv`, `.json`, …; a `.gz` suffix and
    /// the query string are looked through), else `csv`: Kusto's rule when `format` is not given.
    public static func detect(fromURL url: String) -> ExternalDataFormat {
        var path = Substring(url)
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<q] }
        var name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        if name.hasSuffix(".gz") { name = String(name.dropLast(3)) }
        guard let dot = name.lastIndex(of: ".") else { return .csv }
        let ext = String(name[name.index(after: dot)...])
        if ext == "jsonl" { return .json }
        return ExternalDataFormat(rawValue: ext) ?? .csv
    }

    /// A URL as messages and logs show it: the query string (where SAS tokens and other secrets
    /// live, often written as an obfuscated `h@"…"` literal) replaced by `?…`.
    public static func displayURL(_ url: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return url }
        return String(url[..<q]) + "?…"
    }
}
