import KQLColumns
import KQLEngine
import Testing

/// `top N by k` (a bounded heap) gives exactly the rows of `sort by k | take N` (a full stable sort).
@Suite struct TopTests {
    static let table: Table = {
        var rng = UInt64(42)
        func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
        let rows: [[Value]] = (0..<500).map { i in
            let v = next() % 50
            return [.long(Int64(i)), v % 11 == 0 ? .null(.long) : .long(Int64(v)), .string("s\(next() % 7)")]
        }
        return Table.fromRows(schema: Schema([Field("id", .long), Field("k", .long), Field("s", .string)]), rows: rows)
    }()

    @Test(arguments: ["k desc", "k asc", "k desc nulls first", "k asc nulls last", "s asc", "s desc"])
    func topEqualsSortTake(_ order: String) throws {
        let session = QuerySession(tables: ["T": TableSource(Self.table)])
        for n in [1, 7, 40, 130] {
            let top = try session.run("T | top \(n) by \(order)").table.rows()
            let sorted = try session.run("T | sort by \(order) | take \(n)").table.rows()
            #expect(top.count == n)
            // Equal keys may come in any order from top, as in Kusto: compare the key sequence and the row sets.
            let keyIndex = order.hasPrefix("s") ? 2 : 1
            #expect(top.map { $0[keyIndex] } == sorted.map { $0[keyIndex] })
            let boundary = sorted.last![keyIndex]
            #expect(Set(top.filter { $0[keyIndex] != boundary }.map { "\($0)" }) == Set(sorted.filter { $0[keyIndex] != boundary }.map { "\($0)" }))
        }
    }

    /// The same rows cut into many batches (top never concatenates its input): exactly the rows,
    /// in the same order, as over one batch.
    @Test(arguments: ["k desc", "k asc nulls last", "s desc"])
    func topOverManyBatchesEqualsOneBatch(_ order: String) throws {
        let one = Self.table.batches[0]
        let batches = stride(from: 0, to: one.count, by: 37).map { lo -> Batch in
            let rows = Array(lo..<min(lo + 37, one.count))
            return Batch(columns: one.columns.map { $0.gather(rows) }, count: rows.count)
        }
        let many = Table(schema: Self.table.schema, batches: batches)
        #expect(many.batches.count > 10)
        for n in [1, 7, 40, 100] {
            let a = try QuerySession(tables: ["T": TableSource(Self.table)]).run("T | top \(n) by \(order)").table.rows()
            let b = try QuerySession(tables: ["T": TableSource(many)]).run("T | top \(n) by \(order)").table.rows()
            #expect(a == b)
        }
    }
}
