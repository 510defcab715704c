import Foundation
import KQLColumns

// hll(), hll_if(), hll_merge() (hll-aggregation-function.md, hll-if-aggregation-function.md,
// hll-merge-aggregation-function.md) and the sketch they produce; dcount_hll() and the scalar
// hll_merge() read it (Scalar/Sketch/HllFunctions.swift).
//
// Representation (Kusto's is undocumented and "may change"; Quarry's follows the layout the pages
// show): a dynamic array `[[1024, P], [h1, h2, …], [dense]]`. P is the HyperLogLog precision the
// accuracy level asks for — 12, 14, 16, 17, 18 for accuracy 0…4, i.e. 2^P registers, whose standard
// error 1.04/√(2^P) is the table's 1.6%, 0.8%, 0.4%, 0.28%, 0.2%. The second element lists the
// distinct 64-bit hashes (as strings of signed integers, as the pages print them) while there are at
// most 2^(P-2) of them: then dcount_hll is the exact number of distinct hashes, i.e. Quarry's exact
// dcount (a 64-bit hash collision among 65,536 values has odds below 1e-9). Past that the sketch is
// dense: the third element holds the 2^P one-byte registers as one base64 string and dcount_hll is
// the HyperLogLog estimate (linear counting while registers are empty), within the accuracy level's
// error. The hashes are Quarry's own (xxHash64 of a typed encoding of the value), not Kusto's, so a
// sketch made by Kusto cannot be read (it is rejected, not misread: dcount_hll gives null).
// Merging sketches of different precisions (Kusto refuses) folds to the lower precision, which is
// exact HyperLogLog arithmetic.

/// One HyperLogLog sketch: exact hashes while small, registers past 2^(P-2) distinct hashes.
struct HllSketch: Equatable {
    static let marker: Int64 = 1024
    static let precisions = [12, 14, 16, 17, 18]

    let precision: Int
    /// The distinct hashes while the sketch is sparse; nil once dense.
    var sparse: Set<UInt64>? = []
    var registers: [UInt8] = []

    init(precision: Int) { self.precision = precision }

    var sparseLimit: Int { 1 << (precision - 2) }

    mutating func add(hash h: UInt64) {
        if sparse != nil {
            sparse!.insert(h)
            if sparse!.count > sparseLimit { densify() }
        } else {
            setRegister(h)
        }
    }

    private mutating func setRegister(_ h: UInt64) {
        let index = Int(h >> UInt64(64 - precision))
        // The rank of the first 1 bit after the index bits (64-P bits; all zero gives 65-P).
        let rest = h << UInt64(precision)
        let rho = UInt8(min(rest.leadingZeroBitCount, 64 - precision) + 1)
        if rho > registers[index] { registers[index] = rho }
    }

    mutating func densify() {
        guard let s = sparse else { return }
        sparse = nil
        registers = [UInt8](repeating: 0, count: 1 << precision)
        for h in s { setRegister(h) }
    }

    /// This sketch at a lower precision (the same set at fewer registers).
    func folded(to p: Int) -> HllSketch {
        guard p < precision else { return self }
        var out = HllSketch(precision: p)
        if let s = sparse {
            for h in s { out.add(hash: h) }
            return out
        }
        out.sparse = nil
        out.registers = [UInt8](repeating: 0, count: 1 << p)
        let shift = precision - p
        for (i, r) in registers.enumerated() where r > 0 {
            let j = i >> shift
            // The index bits dropped from the register's index become leading bits of the rest.
            let low = i & ((1 << shift) - 1)
            let rho = low == 0 ? UInt8(shift) + r : UInt8(shift - (Int.bitWidth - low.leadingZeroBitCount) + 1)
            if rho > out.registers[j] { out.registers[j] = rho }
        }
        return out
    }

    /// The union of two sketches (at the lower of their precisions).
    func merged(_ other: HllSketch) -> HllSketch {
        let p = min(precision, other.precision)
        var a = folded(to: p)
        let b = other.folded(to: p)
        if let bs = b.sparse {
            for h in bs { a.add(hash: h) }
            return a
        }
        if a.sparse != nil { var d = b; if let s = a.sparse { for h in s { d.add(hash: h) } }; return d }
        for i in 0..<a.registers.count where b.registers[i] > a.registers[i] { a.registers[i] = b.registers[i] }
        return a
    }

    /// The distinct count: exact while sparse, else the HyperLogLog estimate.
    var estimate: Int64 {
        if let s = sparse { return Int64(s.count) }
        let m = Double(registers.count)
        var sum = 0.0, zeros = 0
        for r in registers {
            sum += 1 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m, zeros > 0 { return Int64((m * Foundation.log(m / Double(zeros))).rounded()) }
        return Int64(raw.rounded())
    }

    var dynamic: DynamicValue {
        let header: DynamicValue = .array([.long(Self.marker), .long(Int64(precision))])
        if let s = sparse {
            return .array([header, .array(s.sorted().map { .string(String(Int64(bitPattern: $0))) }), .array([])])
        }
        return .array([header, .array([]), .array([.string(Data(registers).base64EncodedString())])])
    }

    /// Reads a sketch made by `dynamic`; nil for anything else.
    init?(_ d: DynamicValue) {
        guard case .array(let parts) = d, parts.count == 3,
              case .array(let header) = parts[0], header.count == 2,
              case .long(Self.marker) = header[0], case .long(let p) = header[1], Self.precisions.contains(Int(p)),
              case .array(let hashes) = parts[1], case .array(let dense) = parts[2] else { return nil }
        precision = Int(p)
        if dense.isEmpty {
            guard hashes.count <= 1 << (precision - 2) else { return nil }
            var s = Set<UInt64>()
            for h in hashes {
                guard case .string(let text) = h, let x = Int64(text) else { return nil }
                s.insert(UInt64(bitPattern: x))
            }
            sparse = s
        } else {
            guard hashes.isEmpty, dense.count == 1, case .string(let b64) = dense[0], let data = Data(base64Encoded: b64),
                  data.count == 1 << precision, data.allSatisfy({ $0 <= 65 - precision }) else { return nil }
            sparse = nil
            registers = [UInt8](data)
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

/// The hash a value goes into the sketch as: xxHash64 of a type tag and the value's bytes; int and
/// long hash alike, every NaN alike (as dcount counts them).
func hllHash(_ v: Value) -> UInt64? {
    var bytes: [UInt8] = []
    func append64(_ x: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: x >> UInt64(8 * i))) } }
    switch unwrapDynamicScalar(v) {
    case .null, .dynamic(.null): return nil
    case .bool(let b): bytes = [1, b ? 1 : 0]
    case .int(let x): bytes = [2]; append64(UInt64(bitPattern: Int64(x)))
    case .long(let x): bytes = [2]; append64(UInt64(bitPattern: x))
    case .real(let x): bytes = [3]; append64(x.isNaN ? Double.nan.bitPattern : (x == 0 ? 0 : x.bitPattern))
    case .decimal(let d): bytes = [9] + Array(d.description.utf8)
    case .string(let s): bytes = [4] + Array(s.utf8)
    case .datetime(let t): bytes = [5]; append64(UInt64(bitPattern: t))
    case .timespan(let t): bytes = [6]; append64(UInt64(bitPattern: t))
    case .guid(let g): bytes = [7]; append64(g.high); append64(g.low)
    case .dynamic(let d): bytes = [8] + Array(JSON.serialize(d).utf8)
    }
    return XXH64.hash(bytes)
}

final class HllAccumulator: Accumulator {
    var sketch: HllSketch
    init(precision: Int) { sketch = HllSketch(precision: precision) }
    func add(_ args: [Value]) { if let h = hllHash(args[0]) { sketch.add(hash: h) } }
    func result() -> Value { .dynamic(sketch.dynamic) }
    func merge(_ other: Accumulator) { if let o = other as? HllAccumulator { sketch = sketch.merged(o.sketch) } }
}

/// hll_merge(): the union of the group's sketches; null when the group holds none.
final class HllMergeAccumulator: Accumulator {
    var sketch: HllSketch?
    func add(_ args: [Value]) {
        guard let s = HllSketch(value: args[0]) else { return }
        sketch = sketch.map { $0.merged(s) } ?? s
    }
    func result() -> Value { sketch.map { .dynamic($0.dynamic) } ?? .dynamic(.null) }
    func merge(_ other: Accumulator) {
        guard let o = (other as? HllMergeAccumulator)?.sketch else { return }
        sketch = sketch.map { $0.merged(o) } ?? o
    }
}

/// The precision a constant accuracy argument asks for (0…4; default 1).
func hllPrecision(_ site: CallSite, arg: Int, name: String) throws -> Int {
    guard arg < site.constants.count else { return HllSketch.precisions[1] }
    guard let c = site.constants[arg], let a = integerValue(c), a >= 0, a <= 4 else {
        throw site.error("\(name)(): accuracy must be a constant from 0 to 4", arg: arg)
    }
    return HllSketch.precisions[Int(a)]
}

let hllAggregate = AggregateFunction(
    name: "hll", overloads: fn([p("expr", .scalar), opt("accuracy", .integer)], .fixed(.dynamic)),
    summary: "A HyperLogLog sketch of the group's distinct values (for dcount_hll, hll_merge); exact while small.",
    defaultName: { "hll_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        let precision = try hllPrecision(site, arg: 1, name: "hll")
        return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { HllAccumulator(precision: precision) })
    })

let hllIfAggregate = AggregateFunction(
    name: "hll_if", overloads: fn([p("expr", .scalar), p("predicate", .type(.bool)), opt("accuracy", .integer)], .fixed(.dynamic)),
    summary: "A HyperLogLog sketch of the distinct values of expr over the rows where the predicate is true.",
    defaultName: { "hll_if_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        let precision = try hllPrecision(site, arg: 2, name: "hll_if")
        return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { PredicateAccumulator(HllAccumulator(precision: precision), predicate: 1) })
    })

let hllMergeAggregate = AggregateFunction(
    name: "hll_merge", overloads: fn([p("hll", .type(.dynamic))], .fixed(.dynamic)),
    summary: "Merges the group's hll() sketches into one (sketches of different accuracies fold to the lower one).",
    defaultName: { "hll_merge_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .dynamic, makeAccumulator: { HllMergeAccumulator() }) })
