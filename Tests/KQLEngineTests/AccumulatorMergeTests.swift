import Foundation
import Testing
import KQLColumns
@testable import KQLEngine

/// Partial aggregates combine: for every accumulator, the rows cut into pieces at random places,
/// each piece aggregated on its own and the pieces merged in order, give the result of one pass
/// (the state/merge that a parallel or distributed summarize needs).
@Suite struct AccumulatorMergeTests {
    struct Rng { var s: UInt64; mutating func next(_ n: Int) -> Int { s = s &* 6364136223846793005 &+ 1442695040888963407; return Int((s >> 33) % UInt64(n)) } }

    /// Rows of (value, predicate, carried): values with nulls, duplicates, ties and (for reals) NaN.
    static func rows(_ type: KQLType, _ n: Int, seed: UInt64) -> [[Value]] {
        var r = Rng(s: seed)
        return (0..<n).map { i in
            let k = r.next(12)
            let v: Value
            switch type {
            case .real: v = k == 0 ? .null(.real) : (k == 1 && seed % 2 == 1 ? .real(.nan) : .real(Double(r.next(9)) / 2 + 0.1))   // NaN in odd seeds only
            case .string: v = k == 0 ? .null(.string) : .string(["a", "b", "c", "dd"][r.next(4)])
            case .dynamic: v = k == 0 ? .dynamic(.null) : .dynamic(.object(PropertyBag(uniqueKeys: ["k\(r.next(5))"], values: [.long(Int64(i))])))
            default: v = k == 0 ? .null(.long) : .long(Int64(r.next(7)) - 3)
            }
            return [v, .bool(r.next(3) != 0), .long(Int64(i))]
        }
    }

    static func check(_ name: String, _ type: KQLType, _ make: () -> Accumulator, approx: Bool = false) {
        for seed in UInt64(1)...6 {
            let rows = Self.rows(type, 200, seed: seed)
            let one = make()
            for row in rows { one.add(row) }
            var r = Rng(s: seed &* 977)
            var cuts = Set((0..<r.next(6)).map { _ in r.next(rows.count) }); cuts.insert(0)
            let bounds = cuts.sorted() + [rows.count]
            let merged = make()
            for (a, b) in zip(bounds, bounds.dropFirst()) {
                let part = make()
                for row in rows[a..<b] { part.add(row) }
                merged.merge(part)
            }
            let x = one.result(), y = merged.result()
            if approx, case .real(let p) = x, case .real(let q) = y {
                #expect((p.isNaN && q.isNaN) || abs(p - q) <= 1e-9 * max(1, abs(p)), "\(name) seed \(seed): \(p) vs \(q)")
            } else {
                #expect("\(x)" == "\(y)", "\(name) seed \(seed): \(x) vs \(y)")
            }
            if let ae = one as? ArgExtremeAccumulator, let be = merged as? ArgExtremeAccumulator {
                #expect("\(String(describing: ae.carried))" == "\(String(describing: be.carried))", "\(name) seed \(seed): carried row")
            }
        }
    }

    @Test func everyAccumulatorMergesLikeOnePass() {
        Self.check("count", .long) { CountAccumulator(conditional: false) }
        Self.check("countif", .bool) { PredicateAccumulator(CountAccumulator(conditional: false), predicate: 1) }
        Self.check("sum long", .long) { SumAccumulator(type: .long) }
        Self.check("sum real", .real, { SumAccumulator(type: .real) }, approx: true)
        Self.check("avg", .real, { AvgAccumulator() }, approx: true)
        Self.check("min", .real) { ExtremeAccumulator(wantMax: false, type: .real) }
        Self.check("max string", .string) { ExtremeAccumulator(wantMax: true, type: .string) }
        Self.check("stdev", .real, { VarianceAccumulator(stdev: true) }, approx: true)
        Self.check("variance", .long, { VarianceAccumulator(stdev: false) }, approx: true)
        Self.check("percentile", .long) { PercentileAccumulator(p: 50, type: .long) }
        Self.check("dcount", .real) { DistinctCountAccumulator() }
        Self.check("make_set", .real) { CollectAccumulator(distinct: true, limit: 1_000) }
        Self.check("make_list", .string) { CollectAccumulator(distinct: false, limit: 1_000) }
        Self.check("make_set limited", .long) { CollectAccumulator(distinct: true, limit: 3) }
        Self.check("make_list limited", .long) { CollectAccumulator(distinct: false, limit: 17) }
        Self.check("make_list_with_nulls", .string) { ListWithNullsAccumulator() }
        Self.check("make_bag", .dynamic) { BagAccumulator(limit: 1_000) }
        Self.check("take_any", .string) { TakeAnyAccumulator(type: .string) }
        Self.check("sumif", .long) { PredicateAccumulator(SumAccumulator(type: .long), predicate: 1) }
        Self.check("arg_max", .long) { ArgExtremeAccumulator(.max) }
        Self.check("arg_min real", .real) { ArgExtremeAccumulator(.min) }
        Self.check("take_any(*)", .long) { ArgExtremeAccumulator(.any) }
    }

    /// Grouped accumulators: two partial states over different group numberings, merged through
    /// a group map, equal one pass over all rows.
    @Test func groupedAccumulatorsMergeThroughAGroupMap() {
        var r = Rng(s: 42)
        let n = 500
        let groupsAll = (0..<n).map { _ in Int32(r.next(9)) }
        let strings = (0..<n).map { _ in ["x", "y", "z", "w", ""][r.next(5)] }
        let ints = (0..<n).map { _ in Int64(r.next(20)) - 10 }
        // The second half numbers its groups differently: local = (9 - 1 - global), map back.
        let cut = 211
        let map: [Int32] = (0..<9).map { Int32(8 - $0) }
        func datum(_ s: ArraySlice<String>) -> Datum {
            var arr = StringArray()
            for x in s { arr.append(x) }
            return .column(Column(.string(arr)))
        }
        func datum(_ s: ArraySlice<Int64>) -> Datum { .column(Column(.long(Array(s)))) }
        let makers: [(String, () -> GroupedAccumulator, Bool)] = [
            ("count", { GroupedCount(conditional: false) }, false), ("max", { GroupedIntExtreme(wantMax: true) }, false),
            ("min", { GroupedIntExtreme(wantMax: false) }, false), ("dcount strings", { GroupedDistinctCount() }, true),
            ("dcount ints", { GroupedDistinctCount() }, false),
        ]
        for (name, make, useStrings) in makers {
            let arg: (Range<Int>) -> Datum = { useStrings ? datum(strings[$0]) : datum(ints[$0]) }
            let one = make()
            one.add(groups: groupsAll, args: [arg(0..<n)], rows: n, groupCount: 9)
            let a = make(), b = make()
            a.add(groups: Array(groupsAll[0..<cut]), args: [arg(0..<cut)], rows: cut, groupCount: 9)
            b.add(groups: groupsAll[cut...].map { 8 - $0 }, args: [arg(cut..<n)], rows: n - cut, groupCount: 9)
            a.merge(b, groupMap: map, groupCount: 9)
            let f = [Field("v", .long)]
            let x = one.finish(groupCount: 9, fields: f)[0], y = a.finish(groupCount: 9, fields: f)[0]
            #expect((0..<9).map { "\(x.value(at: $0))" } == (0..<9).map { "\(y.value(at: $0))" }, "\(name)")
        }
    }
}
