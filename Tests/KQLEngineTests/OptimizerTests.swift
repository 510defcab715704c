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
        case .filter(let i, _): return 1 + filterCount(i)
        case .project(let i, _), .take(let i, _), .sort(let i, _), .top(let i, _, _), .count(let i, _), .distinct(let i, _): return filterCount(i)
        case .summarize(let i, _, _): return filterCount(i)
        default: return 0
        }
    }

    func scanSchema(_ p: LogicalPlan) -> [String]? {
        switch p {
        case .scan(_, let s, _): return s.names
        case .filter(let i, _), .project(let i, _), .take(let i, _), .sort(let i, _), .top(let i, _, _), .count(let i, _), .distinct(let i, _): return scanSchema(i)
        case .summarize(let i, _, _): return scanSchema(i)
        default: return nil
        }
    }

    @Test func adjacentFiltersMergeIntoOne() throws {
        let p = try bind("T | where Timestamp > ago(5d) | where DeviceName == 'a' | where ActionType == 'Accepted'")
        #expect(filterCount(p) == 3)
        let merged = FilterMerge.apply(p)
        #expect(filterCount(merged) == 1)
        guard case .filter(_, let pred) = merged else { Issue.record("expected a filter at the top"); return }
        #expect(pred.conjuncts.count == 3)
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
