import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO
import Testing

/// The folder of this file: cases/ and data/ live beside it.
let logicTestRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

func allCaseFiles() -> [String] {
    let casesDir = logicTestRoot.appendingPathComponent("cases").path
    guard let e = FileManager.default.enumerator(atPath: casesDir) else { return [] }
    return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".test") }.sorted()
}

@Test("logic test file", arguments: allCaseFiles())
func logicTestFile(_ relativePath: String) throws {
    let url = logicTestRoot.appendingPathComponent("cases").appendingPathComponent(relativePath)
    let text = try String(contentsOf: url, encoding: .utf8)
    let blocks = try LogicTestFile.parse(text)
    #expect(!blocks.isEmpty, "\(relativePath) has no blocks")
    for block in blocks {
        let location = "\(relativePath):\(block.line)"
        var tables: [String: TableSource] = [:]
        for (name, path) in block.loads {
            let (t, _) = try TableReader.read(path: logicTestRoot.appendingPathComponent(path).path, tableName: name, options: ReadOptions())
            tables[name] = TableSource(t)
        }
        let now = block.now.flatMap { DateTime.parseISO(Substring($0)) } ?? DateTime.parseISO("2025-01-01T00:00:00Z")!
        let session = QuerySession(tables: tables)
        // externaldata reads only the file's `external` mappings: offline, with an empty cache,
        // so a test never touches the network (an unmapped URL fails as "not in the cache").
        var external = ExternalDataSettings(cacheDirectory: "/nonexistent/quarry-logic-test-cache")
        external.offline = true
        for (url, path) in block.externals { external.mappings[url] = logicTestRoot.appendingPathComponent(path).path }
        let provider = LogicTestExternalData(loader: ExternalDataLoader(settings: external))
        let geoip = try block.geoip.map { try MaxMindDatabase(path: logicTestRoot.appendingPathComponent($0).path) }
        func QueryOptions(now: Int64, optimize: Bool = true) -> KQLEngine.QueryOptions {
            var o = KQLEngine.QueryOptions(now: now, optimize: optimize)
            o.externalData = provider
            o.geoip = geoip
            return o
        }
        switch block.expectation {
        case .table(let header, let rows, let unordered):
            let result: QueryResult
            do {
                result = try session.run(block.query, options: QueryOptions(now: now))
            } catch let e as QueryError {
                Issue.record("\(location): query failed:\n\(e.description)")
                continue
            }
            // A query with several result tables (fork, facet): the one this block checks, by position and name.
            func chosen(_ r: QueryResult) -> QueryResult? {
                guard let (index, _) = block.result else { return r }
                let all = [r] + r.moreResults
                return index < all.count ? all[index] : nil
            }
            guard let picked = chosen(result) else { Issue.record("\(location): the query has no result table \(block.result!.index + 1)"); continue }
            if let (_, name) = block.result { #expect(picked.name == name, "\(location): result table named \(picked.name ?? "nil"), expected \(name)") }
            let t = picked.table
            let actualHeader = t.schema.fields.map { "\($0.name):\($0.type.rawValue)" }
            let expectedHeader = header.map { "\($0.name):\($0.type)" }
            #expect(actualHeader == expectedHeader, "\(location): columns differ")
            guard actualHeader == expectedHeader else { continue }
            var expectedRows: [[DynamicValue]] = []
            for r in rows {
                guard case .array(let cells) = try JSON.parse(r) else { Issue.record("\(location): row is not a JSON array: \(r)"); continue }
                expectedRows.append(cells)
            }
            var actualRows = t.rows().map { row in row.map(expectedForm) }
            if unordered {
                expectedRows.sort { sortKey($0) < sortKey($1) }
                actualRows.sort { sortKey($0) < sortKey($1) }
            }
            let same = expectedRows.count == actualRows.count && zip(expectedRows, actualRows).allSatisfy { e, a in
                e.count == a.count && zip(e, a).allSatisfy(cellsMatch)
            }
            #expect(same, "\(location): rows differ\nexpected:\n\(expectedRows.map { JSON.serialize(.array($0)) }.joined(separator: "\n"))\nactual:\n\(actualRows.map { JSON.serialize(.array($0)) }.joined(separator: "\n"))")
            // The optimizer never changes a result: the plain bound plan gives the same rows.
            do {
                guard let plainResult = chosen(try session.run(block.query, options: QueryOptions(now: now, optimize: false))) else {
                    Issue.record("\(location): the unoptimized plan has fewer result tables"); continue
                }
                let plain = plainResult.table
                var plainRows = plain.rows().map { row in row.map(expectedForm) }
                var optimizedRows = t.rows().map { row in row.map(expectedForm) }
                if unordered {
                    plainRows.sort { sortKey($0) < sortKey($1) }
                    optimizedRows.sort { sortKey($0) < sortKey($1) }
                }
                #expect(plain.schema == t.schema && plainRows == optimizedRows, "\(location): the unoptimized plan gives other rows")
            } catch {
                Issue.record("\(location): the unoptimized plan failed: \(error)")
            }
        case .plan(let lines):
            do {
                let actual = try session.explain(block.query, options: QueryOptions(now: now)).text.split(separator: "\n").map(String.init)
                let expected = lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
                #expect(actual == expected, "\(location): plan differs\nexpected:\n\(expected.joined(separator: "\n"))\nactual:\n\(actual.joined(separator: "\n"))")
            } catch let e as QueryError {
                Issue.record("\(location): explain failed:\n\(e.description)")
            }
        case .check(let lines):
            // Every error check finds, in source order, as `quarry check` prints them (no file name).
            let (diags, source) = session.check(block.query)
            let errors = diags.filter { $0.severity == .error }
            let actual = errors.isEmpty ? ["ok"] : errors.flatMap { d in
                d.rendered(in: source).split(separator: "\n", omittingEmptySubsequences: false).map {
                    String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                }
            }
            let expected = lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            #expect(actual == expected, "\(location): check output differs\nexpected:\n\(expected.joined(separator: "\n"))\nactual:\n\(actual.joined(separator: "\n"))")
        case .error(let phrase, let caretLines):
            // Unoptimized, the query fails too.
            #expect(throws: (any Error).self, "\(location): the unoptimized plan succeeded") {
                _ = try session.run(block.query, options: QueryOptions(now: now, optimize: false))
            }
            do {
                _ = try session.run(block.query, options: QueryOptions(now: now))
                Issue.record("\(location): expected an error containing '\(phrase)', but the query succeeded")
            } catch let e as QueryError {
                guard let d = e.diagnostics.first else { Issue.record("\(location): error without diagnostics"); continue }
                #expect(d.message.lowercased().contains(phrase.lowercased()), "\(location): message '\(d.message)' lacks '\(phrase)'")
                let rendered = d.rendered(in: e.source).split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map {
                    String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                }
                let expected = caretLines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
                // A `help:` line is compared when the block gives one (README.md).
                let hasHelp = expected.contains { $0.hasPrefix("help: ") }
                let shown = hasHelp ? rendered : rendered.filter { !$0.hasPrefix("help: ") }
                #expect(shown == expected, "\(location): error position differs\nexpected:\n\(expected.joined(separator: "\n"))\nactual:\n\(shown.joined(separator: "\n"))")
            }
        }
    }
}

/// QuarryIO's loader as the engine's externaldata provider.
struct LogicTestExternalData: ExternalDataProvider {
    let loader: ExternalDataLoader
    func load(_ r: ExternalDataRequest) throws -> Table {
        try loader.table(urls: r.urls, format: r.format, schema: r.schema, ignoreFirstRecord: r.ignoreFirstRecord, zipPattern: r.zipPattern,
                         ingestionMapping: r.ingestionMapping)
    }
}

/// A result cell in the form the `.test` files write it: datetimes, timespans and guids as Kusto's text.
func expectedForm(_ v: Value) -> DynamicValue {
    switch v {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let x): return .long(Int64(x))
    case .long(let x): return .long(x)
    case .real(let x): return x.isFinite ? .real(x) : .string(x.isNaN ? "NaN" : (x < 0 ? "-Infinity" : "Infinity"))
    case .decimal(let d): return .string(d.description)
    case .string(let s): return .string(s)
    case .datetime(let t): return .string(DateTime.format(t))
    case .timespan(let t): return .string(TimeSpan.format(t))
    case .guid(let g): return .string(g.description)
    case .dynamic(let d): return normalizeDynamic(d)
    }
}

func normalizeDynamic(_ d: DynamicValue) -> DynamicValue {
    switch d {
    case .datetime(let t): return .string(DateTime.format(t))
    case .timespan(let t): return .string(TimeSpan.format(t))
    case .guid(let g): return .string(g.description)
    case .array(let a): return .array(a.map(normalizeDynamic))
    case .object(let b): return .object(PropertyBag(zip(b.keys, b.values.map(normalizeDynamic)).map { ($0, $1) }))
    default: return d
    }
}

/// Numbers compare by value (an expected `2` matches a real 2.0), also inside arrays and bags; everything else exactly.
func cellsMatch(_ e: DynamicValue, _ a: DynamicValue) -> Bool {
    switch (e, a) {
    case (.long(let x), .real(let y)), (.real(let y), .long(let x)): return Double(x) == y
    case (.real(let x), .real(let y)): return x == y || abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(cellsMatch)
    case (.object(let x), .object(let y)):
        return x.count == y.count && zip(x.keys, x.values).allSatisfy { k, v in y[k].map { cellsMatch(v, $0) } ?? false }
    default: return e == a
    }
}

func sortKey(_ row: [DynamicValue]) -> String { JSON.serialize(.array(row.map { if case .long(let x) = $0 { return .real(Double(x)) }; return $0 })) }
