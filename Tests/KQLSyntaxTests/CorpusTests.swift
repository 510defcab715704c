import Foundation
import Testing
@testable import KQLSyntax

/// The hunting corpus lives next to the repository (`../shared/data/hunting-corpus`); it is not
/// part of the repository, so these tests skip when it is absent.
enum Corpus {
    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("shared/data/hunting-corpus")
    }

    struct Entry { let id: String; let query: String }

    static func load() -> (queries: [Entry], malformed: [String: (line: Int, col: Int)])? {
        let dev = directory.appendingPathComponent("dev.jsonl")
        let bad = directory.appendingPathComponent("malformed.json")
        guard let devText = try? String(contentsOf: dev, encoding: .utf8),
              let badData = try? Data(contentsOf: bad) else { return nil }
        var entries: [Entry] = []
        for line in devText.split(separator: "\n") where !line.isEmpty {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = obj["id"] as? String, let q = obj["query"] as? String else { continue }
            entries.append(Entry(id: id, query: q))
        }
        var malformed: [String: (line: Int, col: Int)] = [:]
        if let obj = try? JSONSerialization.jsonObject(with: badData) as? [String: Any],
           let qs = obj["queries"] as? [[String: Any]] {
            for q in qs {
                guard let id = q["id"] as? String else { continue }
                let first = (q["kusto_errors"] as? [[String: Any]])?.first
                malformed[id] = ((first?["line"] as? Int) ?? 0, (first?["col"] as? Int) ?? 0)
            }
        }
        return (entries, malformed)
    }
}

@Suite struct CorpusTests {
    @Test func huntingCorpus() throws {
        guard let corpus = Corpus.load() else {
            print("hunting corpus not found at \(Corpus.directory.path); skipping")
            return
        }
        #expect(corpus.queries.count > 0)
        var validTotal = 0, validAccepted = 0, malformedTotal = 0, malformedRejected = 0, nearKusto = 0
        var failures: [String] = []
        // parse speed: the whole corpus, parsed once more and timed
        let sources = corpus.queries.map { SourceText($0.query) }
        let clock = ContinuousClock()
        let elapsed = clock.measure { for s in sources { _ = KQLParser.parse(s) } }
        print("corpus: parsed \(sources.count) queries (\(sources.reduce(0) { $0 + $1.bytes.count }) bytes) in \(elapsed)")
        for entry in corpus.queries {
            let source = SourceText(entry.query)
            let (_, diags) = KQLParser.parse(source)
            let errors = diags.filter { $0.severity == .error }
            if let expected = corpus.malformed[entry.id] {
                malformedTotal += 1
                if errors.isEmpty {
                    failures.append("\(entry.id): malformed query accepted (Kusto: \(expected.line):\(expected.col))")
                } else {
                    malformedRejected += 1
                    let (l, c) = source.location(of: errors[0].span.start)
                    if l == expected.line && abs(c - expected.col) <= 2 { nearKusto += 1 }
                    else if ProcessInfo.processInfo.environment["KQL_CORPUS_VERBOSE"] != nil {
                        print("\(entry.id): Kusto \(expected.line):\(expected.col), ours " + errors[0].rendered(in: source))
                    }
                }
            } else {
                validTotal += 1
                if errors.isEmpty { validAccepted += 1 } else {
                    failures.append("\(entry.id): " + errors.prefix(2).map { $0.rendered(in: source) }.joined(separator: "\n"))
                }
            }
        }
        print("corpus: accepted \(validAccepted)/\(validTotal) valid; rejected \(malformedRejected)/\(malformedTotal) malformed (\(nearKusto) at Kusto's first error position)")
        for f in failures { print(f) }
        #expect(validAccepted == validTotal)
        #expect(malformedRejected == malformedTotal)
    }
}
