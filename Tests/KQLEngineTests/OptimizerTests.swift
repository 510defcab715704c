import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// Before/after plan shapes of each optimizer rule, and the same rows with and without them.
@Suite struct OptimizerTests {
    static let schema = Schema([Field("Timestamp", .datetime), Field("DeviceName", .string), Field("ActionType", .string),
                                Field("RemoteIP", .string), Field("RemotePort", .int), Field("Unused", .string)])
    static let table = Table.fromRows(schema: schema, rows: (0..<50).map { i in
        [.datetime(DateTime.ticks(year: 2025, month: 5, day: 1 + i % 9)), .string(i % 3 == 0 ? "a" : "b"),
         .string(i % 2 == 0 ? "Accepted" : "Other"), .string("10.0.0.\(i)"), i % 7 == 0 ? .null(.int) : .int(Int32(i)), .string("x\(i)")]
    })

    func bind(_ text: String) throws -> LogicalPlan {
        let (q, d) = KQLParser.parse(SourceText(text))
        #expect(d.isEmpty)
        let session = SessionContext(now: DateTime.ticks(year: 2025, month: 5, day: 10), tables: ["T": TableSource(Self.table)])
        return try Binder(session: session).bind(q)
    }

    func filterCount(_ p: LogicalPlan) -> Int {
        switch p {
        case .filter(let f): return 1 + filterCount(f.input)
        case .project, .take, .sort, .top, .count, .distinct, .summarize: return filterCount(p.children[0])
        default: return 0
        }
    }

    func scanSchema(_ p: LogicalPlan) -> [String]? {
        switch p {
        case .scan(let s): return s.schema.names
        case .filter, .project, .take, .sort, .top, .count, .distinct, .summarize: return scanSchema(p.children[0])
        default: return nil
        }
    }

    @Test func adjacentFiltersMergeIntoOne() throws {
        let p = try bind("T | where Timestamp > ago(5d) | where DeviceName == 'a' | where ActionType == 'Accepted'")
        #expect(filterCount(p) == 3)
        let merged = FilterMerge.apply(p)
        #expect(filterCount(merged) == 1)
        guard case .filter(let filter) = merged else { Issue.record("expected a filter at the top"); return }
        #expect(filter.predicate.conjuncts.count == 3)
    }

    @Test func scanReadsOnlyTheColumnsTheQueryUses() throws {
        let p = try bind("T | where DeviceName == 'a' | project RemoteIP, RemotePort")
        #expect(scanSchema(p) == Self.schema.names)
        #expect(scanSchema(ProjectionPushdown.apply(p)) == ["DeviceName", "RemoteIP", "RemotePort"])
        let c = try bind("T | count")
        #expect(scanSchema(ProjectionPushdown.apply(c)) == [])
    }

    @Test(arguments: [
        "T | where Timestamp > ago(5d) | where DeviceName == 'a' | where ActionType == 'Accepted' | project RemoteIP, RemotePort",
        "T | where RemotePort > 10 | where isnull(RemotePort) or RemotePort < 40 | extend p = RemotePort * 2 | project-away Unused",
        "T | summarize n = count(), m = max(RemotePort) by DeviceName | sort by DeviceName asc",
        "T | where DeviceName == 'b' | top 3 by RemotePort desc | project RemoteIP",
        "T | where ActionType == 'Other' | distinct DeviceName, ActionType",
        "T | where DeviceName == 'a' | count",
    ])
    func optimizedPlanGivesTheSameRows(_ query: String) throws {
        let session = QuerySession(tables: ["T": TableSource(Self.table)])
        let now = DateTime.ticks(year: 2025, month: 5, day: 10)
        let plain = try session.run(query, options: QueryOptions(now: now, optimize: false)).table
        let fast = try session.run(query, options: QueryOptions(now: now, optimize: true)).table
        #expect(plain.schema == fast.schema)
        #expect(plain.rows() == fast.rows())
        #expect(plain.rowCount > 0)
    }
}

/// A source that reads column subsets and drops rows failing the pushed predicates, as a real
/// reader may; it records what it was asked for.
final class RecordingSource: @unchecked Sendable {
    let table: Table
    var requests: [([String], [ScanPredicate])] = []
    init(_ t: Table) { table = t }

    var source: TableSource {
        TableSource(schema: table.schema, load: { self.table }, loadColumns: { names, predicates in
            self.requests.append((names, predicates))
            let rows = self.table.rows().filter { row in
                predicates.allSatisfy { p in
                    let v = row[self.table.schema.index(of: p.column)!]
                    if v.isNull { return p.op == .notEqual }
                    switch p.op {
                    case .equal: return v == p.value || (integerLike(v) != nil && integerLike(v) == integerLike(p.value))
                    case .notEqual: return !(v == p.value || (integerLike(v) != nil && integerLike(v) == integerLike(p.value)))
                    case .greater: return integerLike(v)! > integerLike(p.value)!
                    case .greaterOrEqual: return integerLike(v)! >= integerLike(p.value)!
                    case .less: return integerLike(v)! < integerLike(p.value)!
                    case .lessOrEqual: return integerLike(v)! <= integerLike(p.value)!
                    }
                }
            }
            let idx = names.map { self.table.schema.index(of: $0)! }
            return Table.fromRows(schema: Schema(idx.map { self.table.schema.fields[$0] }), rows: rows.map { r in idx.map { r[$0] } })
        })
    }
}

func integerLike(_ v: Value) -> Int64? {
    switch v {
    case .int(let x): return Int64(x)
    case .long(let x), .datetime(let x), .timespan(let x): return x
    default: return nil
    }
}

@Suite struct FilterPushdownTests {
    @Test func simplePredicatesReachTheReaderAndResultsStayTheSame() throws {
        let rec = RecordingSource(OptimizerTests.table)
        let session = QuerySession(tables: ["T": rec.source])
        let q = "T | where Timestamp > ago(5d) | where DeviceName == 'a' | where RemotePort > 3 | where strlen(RemoteIP) > 2 | project RemoteIP, RemotePort"
        let now = DateTime.ticks(year: 2025, month: 5, day: 10)
        let fast = try session.run(q, options: QueryOptions(now: now)).table
        let plain = try QuerySession(tables: ["T": TableSource(OptimizerTests.table)]).run(q, options: QueryOptions(now: now, optimize: false)).table
        #expect(fast.rows() == plain.rows())
        #expect(plain.rowCount > 0)
        let (names, predicates) = try #require(rec.requests.last)
        #expect(Set(names) == ["Timestamp", "DeviceName", "RemoteIP", "RemotePort"])
        #expect(Set(predicates.map(\.description)) == ["DeviceName == string(\"a\")", "RemotePort > long(3)", "Timestamp > datetime(\(now - 5 * DateTime.ticksPerDay))"])
    }
}

/// Dictionary-coded string columns answer every query exactly like plain ones.
@Suite struct DictionaryColumnTests {
    static func dictionaryTable(_ source: Table = OptimizerTests.table) -> Table {
        let plain = source
        var batches: [Batch] = []
        for b in plain.batches {
            let cols = b.columns.map { c -> Column in
                guard case .string(let arr) = c.storage else { return c }
                var dict = StringArray(), codes: [UInt16] = [], seen: [String: UInt16] = [:]
                for i in 0..<arr.count {
                    let s = arr[i]
                    if let code = seen[s] { codes.append(code) } else { let code = UInt16(dict.count); seen[s] = code; dict.append(s); codes.append(code) }
                }
                return Column(.dictionary(DictionaryStrings(codes: codes, dictionary: dict)))
            }
            batches.append(Batch(columns: cols, count: b.count))
        }
        return Table(schema: plain.schema, batches: batches)
    }

    @Test(arguments: [
        "T | where DeviceName == 'a' | project RemoteIP",
        "T | where DeviceName != 'a' and ActionType =~ 'accepted' | count",
        "T | where ActionType has 'Other' | summarize n = count(), d = dcount(DeviceName) by DeviceName, ActionType",
        "T | extend u = toupper(DeviceName) | where u in ('A') | project u, RemoteIP",
        "T | sort by DeviceName asc, RemoteIP desc | take 5",
        "T | summarize arg_max(Timestamp, *) by ActionType",
    ])
    func sameRowsAsPlainStrings(_ q: String) throws {
        let now = DateTime.ticks(year: 2025, month: 5, day: 10)
        let plain = try QuerySession(tables: ["T": TableSource(OptimizerTests.table)]).run(q, options: QueryOptions(now: now)).table
        let dict = try QuerySession(tables: ["T": TableSource(Self.dictionaryTable())]).run(q, options: QueryOptions(now: now)).table
        #expect(plain.schema == dict.schema)
        #expect(Set(plain.rows().map { "\($0)" }) == Set(dict.rows().map { "\($0)" }))
        #expect(plain.rowCount == dict.rowCount)
        #expect(plain.rowCount > 0)
    }

    /// Batches alternately dictionary-coded and plain (as files read in pieces can give): a
    /// group's rows meet in one group whatever their batch's storage.
    @Test(arguments: [
        "T | summarize n = count() by DeviceName",
        "T | summarize n = count(), d = dcount(RemoteIP) by DeviceName, ActionType",
        "T | summarize n = count() by ActionType, p = RemotePort > 1000",
    ])
    func mixedStoragesGroupTogether(_ q: String) throws {
        let plain = OptimizerTests.table
        let one = plain.batches[0]
        let pieces = stride(from: 0, to: one.count, by: 7).map { lo -> Batch in
            let rows = Array(lo..<min(lo + 7, one.count))
            return Batch(columns: one.columns.map { $0.gather(rows) }, count: rows.count)
        }
        let coded = Self.dictionaryTable(Table(schema: plain.schema, batches: pieces)).batches
        let mixed = Table(schema: plain.schema, batches: pieces.indices.map { $0 % 2 == 0 ? coded[$0] : pieces[$0] })
        #expect(mixed.batches.count > 4)
        let now = DateTime.ticks(year: 2025, month: 5, day: 10)
        let a = try QuerySession(tables: ["T": TableSource(plain)]).run(q, options: QueryOptions(now: now)).table
        let b = try QuerySession(tables: ["T": TableSource(mixed)]).run(q, options: QueryOptions(now: now)).table
        #expect(a.rowCount == b.rowCount)
        #expect(Set(a.rows().map { "\($0)" }) == Set(b.rows().map { "\($0)" }))
    }
}
