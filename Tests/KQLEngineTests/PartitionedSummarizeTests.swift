import KQLColumns
import KQLEngine
import Testing

/// Large summarizes run split by key hash across cores; the groups must be exactly those a
/// direct computation gives (also checks that no group is split across partitions).
@Suite struct PartitionedSummarizeTests {
    @Test func partitionedGroupsMatchADirectComputation() throws {
        let q = "range x from 1 to 120000 step 1 | summarize n = count(), s = sum(x), d = dcount(x % 7), mx = max(x), st = make_set(x % 3) by k = x % 1000, t = tostring(x % 10)"
        let result = try QuerySession().run(q).table
        var expected: [String: (n: Int64, s: Int64, d: Set<Int64>, mx: Int64, st: Set<Int64>)] = [:]
        for x in Int64(1)...120_000 {
            let key = "\(x % 1000)|\(x % 10)"
            var e = expected[key] ?? (0, 0, [], 0, [])
            e.n += 1; e.s += x; e.d.insert(x % 7); e.mx = max(e.mx, x); e.st.insert(x % 3)
            expected[key] = e
        }
        let rows = result.rows()
        #expect(rows.count == expected.count)
        var seen = Set<String>()
        for r in rows {
            guard case .long(let k) = r[0], case .string(let t) = r[1], case .long(let n) = r[2], case .long(let s) = r[3],
                  case .long(let d) = r[4], case .long(let mx) = r[5], case .dynamic(.array(let st)) = r[6] else {
                Issue.record("unexpected row \(r)"); continue
            }
            let key = "\(k)|\(t)"
            #expect(seen.insert(key).inserted, "group \(key) appears twice")
            guard let e = expected[key] else { Issue.record("unexpected group \(key)"); continue }
            #expect(n == e.n && s == e.s && d == Int64(e.d.count) && mx == e.mx)
            #expect(Set(st.compactMap { if case .long(let v) = $0 { return v }; return nil }) == e.st)
        }
    }
}
