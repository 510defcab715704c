import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO
import Testing

/// Result columns named and typed as Kusto names them: for each hunt of the shared corpus that
/// Kusto's own binder (Kusto.Language, the kusto-oracle) binds, the schema it computed is recorded in
/// data/oracle/result-schemas.json (regenerate with the command in that file's header; the oracle
/// needs Mono, so this test only reads the recording). Every hunt Quarry also binds must produce the
/// same columns, in the same order, with the same types — up to a threshold, with the mismatches
/// printed. Skips with a message when ../shared (the corpus) is absent.
@Suite struct ResultSchemaOracleTests {
    static let corpus = logicTestRoot.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/hunting-corpus/dev.jsonl")
    static let recording = logicTestRoot.appendingPathComponent("data/oracle/result-schemas.json")
    /// The share of compared hunts whose result schema must equal Kusto's.
    static let threshold = 0.998
    /// Hunts where the oracle itself is wrong, left out of the comparison. Kusto.Language's ColumnMap
    /// loses a column when a union brings one name with a second type after two legs agreed on the
    /// first (its list-to-dictionary branch never stores the dictionary): CommonSecurityLog and
    /// VMConnection have DestinationPort:int, AWSCloudTrail DestinationPort:string, and the oracle
    /// keeps only DestinationPort:int, where the documented rule (union-operator.md: one column per
    /// type, suffixed with the type) gives DestinationPort_int and DestinationPort_string.
    static let oracleBugs: Set<String> = ["dev-0058", "dev-0062"]

    static func fnv1a64(_ s: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func resultSchemasMatchKustoBinder() throws {
        guard let corpusData = FileManager.default.contents(atPath: Self.corpus.path) else {
            print("skipping ResultSchemaOracleTests: \(Self.corpus.path) not found (the shared corpus is a development aid)")
            return
        }
        let recData = try #require(FileManager.default.contents(atPath: Self.recording.path), "missing \(Self.recording.path)")
        let rec = try #require(try JSONSerialization.jsonObject(with: recData) as? [String: Any])
        let schemas = try #require(rec["schemas"] as? [String: [String: Any]])
        var queries: [String: String] = [:]
        for line in String(decoding: corpusData, as: UTF8.self).split(separator: "\n") {
            guard let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = obj["id"] as? String, let q = obj["query"] as? String else { continue }
            queries[id] = q
        }
        // As `quarry check` binds (SchemaCatalog.writtenForSentinel): the Sentinel form's columns
        // first for a hunt that names TimeGenerated and not Timestamp.
        let sessions = [false, true].map { sentinelFirst in
            QuerySession(tables: SchemaCatalog.allFormsSchemas(sentinelFirst: sentinelFirst).mapValues { TableSource(Table(schema: $0, batches: [])) })
        }
        var compared = 0, stale = 0, unbound = 0
        var mismatches: [String] = []
        for id in schemas.keys.sorted() {
            guard let entry = schemas[id], let hash = entry["hash"] as? String, let want = entry["columns"] as? [String],
                  let q = queries[id], Self.fnv1a64(q) == hash else { stale += 1; continue }
            let (schema, _, _) = sessions[SchemaCatalog.writtenForSentinel(q) ? 1 : 0].checkSchema(q)
            guard let schema else { unbound += 1; continue }
            if Self.oracleBugs.contains(id) { continue }
            compared += 1
            let got = schema.fields.map { "\($0.name):\($0.type)" }
            if got != want {
                if want.count + got.count < 40 {
                    mismatches.append("\(id)\n  kusto:  \(want.joined(separator: ", "))\n  quarry: \(got.joined(separator: ", "))")
                } else {
                    let w = Set(want), g = Set(got)
                    mismatches.append("\(id)\n  kusto only:  \(want.filter { !g.contains($0) })\n  quarry only: \(got.filter { !w.contains($0) })"
                                      + (w == g ? " (same columns, other order)" : ""))
                }
            }
        }
        let rate = Double(compared - mismatches.count) / Double(Swift.max(compared, 1))
        print("result schemas: \(compared - mismatches.count)/\(compared) hunts match Kusto's binder "
              + "(\(String(format: "%.1f", rate * 100))%; \(Self.oracleBugs.count) left out: oracle bugs); \(unbound) not bound by Quarry, \(stale) recorded schemas stale or absent from the corpus")
        for m in mismatches { print(m) }
        #expect(stale < schemas.count / 2, "the recording no longer fits the corpus: regenerate it (command in \(Self.recording.lastPathComponent))")
        #expect(compared > 500)
        #expect(rate >= Self.threshold, "result-schema agreement with Kusto fell to \(rate) (< \(Self.threshold))")
    }
}
