import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO
import Testing

/// Every query of the shared hunting corpus binds and runs (on empty catalog tables) without a
/// crash; whatever fails does so with a positioned diagnostic inside the query text.
@Suite struct CorpusRobustnessTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/hunting-corpus/dev.jsonl")

    static func catalogTables() -> [String: TableSource] {
        SchemaCatalog.allFormsSchemas().mapValues { TableSource(Table(schema: $0, batches: [])) }
    }

    @Test func everyCorpusQueryFailsCleanlyOrRuns() throws {
        guard let data = FileManager.default.contents(atPath: Self.corpus.path) else {
            print("skipping: \(Self.corpus.path) not found (the shared corpus is a development aid)")
            return
        }
        let session = QuerySession(tables: Self.catalogTables())
        var ran = 0, failed = 0
        var codes: [String: Int] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let q = obj["query"] as? String else { continue }
            let length = q.utf8.count
            let (checkDiags, _) = session.check(q)
            for d in checkDiags { #expect(d.span.start >= 0 && d.span.end <= length && d.span.start <= d.span.end, "\(obj["id"] ?? ""): span \(d.span) outside the query") }
            do {
                _ = try session.run(q, options: QueryOptions(now: DateTime.parseISO("2025-05-10T00:00:00Z")))
                ran += 1
            } catch let e as QueryError {
                failed += 1
                for d in e.diagnostics {
                    codes[d.code.rawValue, default: 0] += 1
                    #expect(d.span.end <= length && d.span.start <= d.span.end, "\(obj["id"] ?? ""): span \(d.span) outside the query")
                    #expect(!d.message.isEmpty)
                }
            }
        }
        print("corpus: \(ran) ran on empty tables, \(failed) failed with a diagnostic; by code: \(codes.sorted { $0.key < $1.key })")
        #expect(ran + failed > 700)
    }
}
