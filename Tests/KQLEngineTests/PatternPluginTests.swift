import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// basket, autocluster and diffpatterns on a few hundred generated rows: whatever patterns they
/// pick, each row's counts must be the number of input rows the pattern matches (checked with a
/// plain `where … | count`), and basket's patterns must be closed (no column outside the pattern
/// has one value on all of its rows).
@Suite struct PatternPluginTests {
    static let input = """
        let T = range i from 0 to 399 step 1
        | extend A = strcat("a", i % 3), B = (i * 7) % 5, C = iff(i % 4 == 0, "", strcat("c", i % 2)), S = iff(i % 3 == 0 or i % 5 == 0, "fail", "ok")
        | project-away i;
        """

    func rows(_ q: String) throws -> (Schema, [[Value]]) {
        let t = try QuerySession(tables: [:]).run(PatternPluginTests.input + q, options: QueryOptions(now: 0)).table
        return (t.schema, t.rows())
    }

    /// `A == "x" and B == 3`: the pattern's fixed values in `columns`, by the output's names.
    func predicate(_ schema: Schema, _ row: [Value], columns: [String]) -> String {
        var terms: [String] = []
        for c in columns {
            guard let i = schema.index(of: c) else { continue }
            switch row[i] {
            case .string(let s) where !s.isEmpty: terms.append("\(c) == \"\(s)\"")
            case .long(let x): terms.append("\(c) == \(x)")
            default: break
            }
        }
        return terms.isEmpty ? "true" : terms.joined(separator: " and ")
    }

    func count(_ filter: String) throws -> Int64 {
        let (_, r) = try rows("T | where \(filter) | count")
        guard case .long(let n) = r.first?.first else { return -1 }
        return n
    }

    @Test func basketCountsAreTheRowsEachPatternMatchesAndPatternsAreClosed() throws {
        let (schema, result) = try rows("T | evaluate basket(0.05)")
        #expect(!result.isEmpty)
        for row in result {
            let p = predicate(schema, row, columns: ["A", "B", "C", "S"])
            #expect(row[1] == .long(try count(p)), "pattern \(p)")
            for c in ["A", "B", "C", "S"] {
                guard let i = schema.index(of: c) else { continue }
                let free: Bool
                switch row[i] { case .string(let s): free = s.isEmpty; default: free = row[i].isNull }
                guard free else { continue }
                let (_, d) = try rows("T | where \(p) | summarize dcount(\(c)), countif(isempty(\(c)))")
                // Closed: a free column has more than one value on the pattern's rows (or some are empty).
                #expect(d.first?[0] != .long(1) || d.first?[1] != .long(0), "pattern \(p) leaves \(c) free but all its rows share one value")
            }
        }
    }

    @Test func autoclusterCountsAreTheRowsEachPatternMatches() throws {
        for w in ["0.2", "0.5", "0.9"] {
            let (schema, result) = try rows("T | evaluate autocluster(\(w))")
            #expect(!result.isEmpty)
            for row in result {
                let p = predicate(schema, row, columns: ["A", "B", "C", "S"])
                #expect(row[1] == .long(try count(p)), "pattern \(p)")
            }
        }
    }

    @Test func diffpatternsCountsAreEachSetsMatchingRows() throws {
        let (schema, result) = try rows("T | evaluate diffpatterns(S, 'fail', 'ok')")
        #expect(!result.isEmpty)
        #expect(schema.index(of: "S") == nil)
        var previous = Double.infinity
        for row in result {
            let p = predicate(schema, row, columns: ["A", "B", "C"])
            #expect(row[1] == .long(try count("S == 'fail' and \(p)")), "pattern \(p)")
            #expect(row[2] == .long(try count("S == 'ok' and \(p)")), "pattern \(p)")
            guard case .real(let diff) = row[5] else { Issue.record("PercentDiffAB not real"); continue }
            #expect(diff >= 5 && diff <= previous)
            previous = diff
        }
    }
}
