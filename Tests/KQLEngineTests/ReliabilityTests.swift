import KQLColumns
import KQLEngine
import Testing

/// Query input never traps: overflowing arithmetic, huge counts and deep JSON give null or an error.
@Suite struct ReliabilityTests {
    /// Each query once through `check` (binding and constant folding) and once run.
    static let hostile = [
        "print (-9223372036854775807 - 1) / -1", "print (-9223372036854775807 - 1) % -1",
        "print 9223372036854775807 + 1", "print -(-9223372036854775807 - 1)", "print 4611686018427387904 * 4",
        "print substring('abc', 1, 9223372036854775807)", "print substring('abc', -9223372036854775807 - 1)",
        "datatable(x:long)[1,2] | top 9223372036854775807 by x", "print bin(9223372036854775807, 3)",
        "print bin(-9223372036854775807 - 1, 3)", "print bin(int(5), 1e-300)", "print bin(9223372036854775807, 0.5)",
        "print todatetime(9223372036854775807)", "print 10000000d * 10000000", "print 1s * 1e300", "print 1d / 1e-300",
        "print 1d * real(nan)", "print datetime_diff('nanosecond', datetime(9999-12-31), datetime(0001-01-01))",
        "print datetime_add('year', 9223372036854775807, datetime(2025-01-01))",
        "print datetime_add('nanosecond', -9223372036854775807 - 1, datetime(2025-01-01))",
        "print startofmonth(datetime(2025-01-01), 9223372036854775807)", "print endofweek(datetime(2025-01-01), 9223372036854775807)",
        "print startofyear(datetime(2025-01-01), -9223372036854775807 - 1)", "print abs(-9223372036854775807 - 1)",
        "print tolong(1e300)", "print toint(real(-inf))", "print tolong('1e300')", "print make_timespan(9223372036854775807, 0, 0, 0)",
        "print datetime(9999-12-31) + 10000000d", "print now(10000000d)", "print ago(-10000000d)",
        "print datetime(2025-01-01) between (datetime(2020-01-01) .. 10000000d)",
        "datatable(x:long)[9223372036854775807, 9223372036854775807] | summarize sum(x)",
        "print 10000000d + 10000000d", "print 10000000d % 0s",
    ]

    @Test(arguments: hostile)
    func noTrap(_ query: String) throws {
        let session = QuerySession()
        _ = session.check(query)
        _ = try session.run(query)
    }

    @Test func deepJSONParsesIteratively() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let v = try JSON.parse(deep)
        #expect(JSON.serialize(v) == deep)
        let tooDeep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSON.parse(tooDeep) }
        #expect(JSON.isWellFormed(tooDeep))
        #expect(!JSON.isWellFormed(String(repeating: "[", count: 100_000)))
        let objects = String(repeating: #"{"a":"#, count: 5_000) + "1" + String(repeating: "}", count: 5_000)
        #expect(JSON.serialize(try JSON.parse(objects)) == objects)
        #expect(JSON.serialize(try JSON.parse(#"{"a":1,"b":[2,{"c":3}],"a":4}"#)) == #"{"a":4,"b":[2,{"c":3}]}"#)
    }

    /// `top` (a heap) and `sort | take` agree on reals with NaN and null in every direction.
    @Test(arguments: ["x desc", "x asc", "x desc nulls first", "x asc nulls last"])
    func topWithNaNEqualsSortTake(_ order: String) throws {
        var rng = UInt64(7)
        func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
        let rows: [[Value]] = (0..<400).map { _ in
            let v = next() % 40
            return [v % 9 == 0 ? .real(.nan) : (v % 13 == 0 ? .null(.real) : .real(Double(v)))]
        }
        let session = QuerySession(tables: ["T": TableSource(Table.fromRows(schema: Schema([Field("x", .real)]), rows: rows))])
        for n in [1, 5, 60] {
            let top = try session.run("T | top \(n) by \(order)").table.rows().map { "\($0)" }
            let sorted = try session.run("T | sort by \(order) | take \(n)").table.rows().map { "\($0)" }
            #expect(top == sorted)
        }
    }
}
