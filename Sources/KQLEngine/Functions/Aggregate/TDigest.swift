import KQLColumns

// tdigest(), tdigest_merge() / merge_tdigest() (tdigest-aggregation-function.md,
// tdigest-merge-aggregation-function.md) and the sketch they produce; percentile_tdigest,
// percentiles_array_tdigest, rank_tdigest, percentrank_tdigest and the scalar merge_tdigest read it
// (Scalar/Sketch/TDigestFunctions.swift).
//
// Representation (Kusto's is undocumented; Quarry's has the layout the pages show): a dynamic array
// `[[K], [v1, v2, …], [w1, w2, …]]` — a type code K, then the centroids' values (ascending) and
// weights. K is Quarry's: 7 long (the code the pages show for a long column; an int column is kept as
// long, as percentile() types it), 8 real, 9 datetime, 10 timespan. While the group has at most
// 10,000 distinct values each centroid is one distinct value with its count, so the sketch is exact:
// percentile_tdigest(tdigest(x), p) is Quarry's percentile(x, p) (nearest rank, exact), and
// rank_tdigest counts the values at or below a value. Past that the centroids are merged as in
// Dunning's merging t-digest (a centroid at quantile q holds at most 4·N·q(1−q)/500 of the N
// weight), so percentiles become estimates — as Kusto's always are — and a centroid's value is the
// weighted mean of what it holds. Values and weights of a sketch made by Kusto read the same way
// only if its type code is one of these; any other value is not a sketch (null results).

enum TDigestKind: Int64 {
    case long = 7, real = 8, datetime = 9, timespan = 10

    init?(type: KQLType) {
        switch type {
        case .int, .long: self = .long
        case .real: self = .real
        case .datetime: self = .datetime
        case .timespan: self = .timespan
        default: return nil
        }
    }

    var type: KQLType {
        switch self {
        case .long: return .long
        case .real: return .real
        case .datetime: return .datetime
        case .timespan: return .timespan
        }
    }
}

struct TDigestSketch {
    static let exactLimit = 10_000
    static let compression = 500.0

    let kind: TDigestKind
    /// Centroids ascending by value.
    var values: [Value] = []
    var weights: [Int64] = []

    init(kind: TDigestKind) { self.kind = kind }

    /// Builds the sketch from value → weight counts (exact when there are few, compressed otherwise).
    init(kind: TDigestKind, counts: [Value: Int64]) {
        self.kind = kind
        let sorted = counts.sorted { (compareValues($0.key, $1.key) ?? 0) < 0 }
        values = sorted.map(\.key)
        weights = sorted.map(\.value)
        if values.count > Self.exactLimit { compress() }
    }

    var total: Int64 { weights.reduce(0) { $0.addingReportingOverflow($1).overflow ? Int64.max : $0 + $1 } }

    /// The union of two sketches of one kind; nil when the kinds differ.
    func merged(_ other: TDigestSketch) -> TDigestSketch? {
        guard other.kind == kind else { return nil }
        var counts: [Value: Int64] = [:]
        for (v, w) in zip(values + other.values, weights + other.weights) {
            let (s, o) = counts[v, default: 0].addingReportingOverflow(w)
            counts[v] = o ? Int64.max : s
        }
        return TDigestSketch(kind: kind, counts: counts)
    }

    /// Merges neighbouring centroids while each stays within the t-digest size bound.
    mutating func compress() {
        let n = Double(total)
        guard n > 0, values.count > 1 else { return }
        var outV: [Value] = [values[0]], outW: [Int64] = [weights[0]]
        var before = 0.0   // weight of the centroids before the current one
        for i in 1..<values.count {
            let w = weights[i], cur = outW[outW.count - 1]
            let q = (before + Double(cur + w) / 2) / n
            let limit = 4 * n * q * (1 - q) / Self.compression
            if Double(cur) + Double(w) <= limit, !cur.addingReportingOverflow(w).overflow {
                outV[outV.count - 1] = blend(outV[outV.count - 1], cur, values[i], w)
                outW[outW.count - 1] = cur + w
            } else {
                before += Double(cur)
                outV.append(values[i]); outW.append(w)
            }
        }
        values = outV; weights = outW
    }

    /// The weighted mean of two values of the sketch's kind.
    private func blend(_ a: Value, _ wa: Int64, _ b: Value, _ wb: Int64) -> Value {
        let f = Double(wb) / (Double(wa) + Double(wb))
        func mid(_ x: Int64, _ y: Int64) -> Int64 {
            let (d, o) = y.subtractingReportingOverflow(x)
            let step = o ? (Double(y) - Double(x)) * f : Double(d) * f
            return x.addingReportingOverflow(Int64(step.rounded())).partialValue
        }
        switch (a, b) {
        case (.long(let x), .long(let y)): return .long(mid(x, y))
        case (.datetime(let x), .datetime(let y)): return .datetime(mid(x, y))
        case (.timespan(let x), .timespan(let y)): return .timespan(mid(x, y))
        case (.real(let x), .real(let y)): return .real(x + (y - x) * f)
        default: return a
        }
    }

    /// The nearest-rank percentile, as percentile()/percentilew() compute it over the centroids.
    func percentile(_ p: Double) -> Value? {
        guard !values.isEmpty, !p.isNaN, p >= 0, p <= 100 else { return nil }
        let totalW = Double(total)
        let exact = p / 100 * totalW
        let rank = max(1, (exact - max(1, exact) * 1e-12).rounded(.up))
        var seen = 0.0
        for (v, w) in zip(values, weights) {
            seen += Double(w)
            if seen >= rank { return v }
        }
        return values.last
    }

    /// The weight at or below `v`; nil when `v` does not compare with the sketch's values.
    func rank(_ v: Value) -> Double? {
        guard !values.isEmpty else { return nil }
        var r = 0.0
        for (x, w) in zip(values, weights) {
            guard let c = compareValues(x, v) else { return nil }
            if c > 0 { break }
            r += Double(w)
        }
        return r
    }

    var dynamic: DynamicValue {
        .array([.array([.long(kind.rawValue)]), .array(values.map(toDynamic)), .array(weights.map { .long($0) })])
    }

    /// Reads a sketch made by `dynamic`; nil for anything else.
    init?(_ d: DynamicValue) {
        guard case .array(let parts) = d, parts.count == 3, case .array(let head) = parts[0], head.count == 1,
              case .long(let code) = head[0], let k = TDigestKind(rawValue: code),
              case .array(let vs) = parts[1], case .array(let ws) = parts[2], vs.count == ws.count else { return nil }
        kind = k
        for (v, w) in zip(vs, ws) {
            guard case .long(let weight) = w, weight > 0 else { return nil }
            let value: Value
            switch (k, v) {
            case (.long, .long(let x)): value = .long(x)
            case (.real, .real(let x)): value = .real(x)
            case (.real, .long(let x)): value = .real(Double(x))
            case (.datetime, .datetime(let t)): value = .datetime(t)
            case (.datetime, .string(let s)): guard let t = DateTime.parse(Substring(s)) else { return nil }; value = .datetime(t)
            case (.timespan, .timespan(let t)): value = .timespan(t)
            case (.timespan, .string(let s)): guard let t = TimeSpan.parse(Substring(s)) else { return nil }; value = .timespan(t)
            default: return nil
            }
            if let last = values.last, (compareValues(last, value) ?? 1) > 0 { return nil }   // must ascend
            values.append(value); weights.append(weight)
        }
    }

    /// The sketch a value argument holds (a dynamic sketch, or its JSON text); nil otherwise.
    init?(value: Value) {
        switch value {
        case .dynamic(let d): self.init(d)
        case .string(let s): guard let d = try? JSON.parse(s) else { return nil }; self.init(d)
        default: return nil
        }
    }
}

/// tdigest(expr [, weight]): value → weight counts, compressed whenever they pass the exact limit.
final class TDigestAccumulator: Accumulator {
    let kind: TDigestKind
    let weighted: Bool
    var counts: [Value: Int64] = [:]
    /// Set once the distinct values passed the exact limit: the compressed part.
    var compressed: TDigestSketch?
    init(kind: TDigestKind, weighted: Bool) { self.kind = kind; self.weighted = weighted }

    func add(_ args: [Value]) {
        guard orderRank(args[0]) == 0 else { return }   // nulls and NaN have no rank
        var w: Int64 = 1
        if weighted {
            guard let x = integerValue(args[1]), x > 0 else { return }   // as percentilew: weight 0 or null counts nothing
            w = x
        }
        let v: Value
        if case .int(let x) = args[0] { v = .long(Int64(x)) } else { v = args[0] }
        let (s, o) = counts[v, default: 0].addingReportingOverflow(w)
        counts[v] = o ? Int64.max : s
        if counts.count > TDigestSketch.exactLimit { flush() }
    }

    private func flush() {
        let part = TDigestSketch(kind: kind, counts: counts)
        counts = [:]
        compressed = compressed.flatMap { $0.merged(part) } ?? part
        if compressed!.values.count > TDigestSketch.exactLimit { compressed!.compress() }
    }

    var sketch: TDigestSketch {
        let part = TDigestSketch(kind: kind, counts: counts)
        guard let c = compressed else { return part }
        return c.merged(part) ?? part
    }

    func result() -> Value { .dynamic(sketch.dynamic) }
    func merge(_ other: Accumulator) {
        guard let o = other as? TDigestAccumulator else { return }
        for (v, w) in o.counts {
            let (s, ov) = counts[v, default: 0].addingReportingOverflow(w)
            counts[v] = ov ? Int64.max : s
        }
        if let oc = o.compressed { compressed = compressed.flatMap { $0.merged(oc) } ?? oc }
        if counts.count > TDigestSketch.exactLimit { flush() }
    }
}

/// tdigest_merge(): the union of the group's sketches; null when it holds none, or sketches of
/// different types (Kusto requires one type per group).
final class TDigestMergeAccumulator: Accumulator {
    var sketch: TDigestSketch?
    var mixed = false
    func add(_ args: [Value]) {
        guard let s = TDigestSketch(value: args[0]) else { return }
        fold(s)
    }
    private func fold(_ s: TDigestSketch) {
        guard let cur = sketch else { sketch = s; return }
        if let m = cur.merged(s) { sketch = m } else { mixed = true }
    }
    func result() -> Value {
        guard !mixed, let s = sketch else { return .dynamic(.null) }
        return .dynamic(s.dynamic)
    }
    func merge(_ other: Accumulator) {
        guard let o = other as? TDigestMergeAccumulator else { return }
        if o.mixed { mixed = true }
        if let s = o.sketch { fold(s) }
    }
}

private let digestible: ParamType = .oneOf([.int, .long, .real, .datetime, .timespan])

let tdigestAggregate = AggregateFunction(
    name: "tdigest", overloads: fn([p("expr", digestible), opt("weight", .integer)], .fixed(.dynamic)),
    summary: "A t-digest sketch of the group's values (for percentile_tdigest, tdigest_merge); exact up to 10,000 distinct values.",
    defaultName: { "tdigest_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        guard let kind = TDigestKind(type: site.types[0]) else { throw site.error("tdigest(): expr must be a number, datetime or timespan", arg: 0) }
        let weighted = site.types.count > 1
        return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { TDigestAccumulator(kind: kind, weighted: weighted) })
    })

let tdigestMergeAggregate = AggregateFunction(
    name: "tdigest_merge", aliases: ["merge_tdigest"], overloads: fn([p("tdigest", .type(.dynamic))], .fixed(.dynamic)),
    summary: "Merges the group's tdigest() sketches into one (all of one type; mixed types give null).",
    defaultName: { "merge_tdigests_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .dynamic, makeAccumulator: { TDigestMergeAccumulator() }) })
