import Foundation
import KQLColumns

/// Filters rows of a batch by one predicate without gathering columns: for the shapes hunts
/// use most (a column compared with a constant, a string predicate or `in` against constants),
/// the loop visits only the rows in `selection` (nil = all rows). Returns nil for other shapes,
/// which the caller evaluates the general way.
func selectRows(_ e: BoundExpr, _ b: Batch, _ selection: [Int]?) -> [Int]? {
    switch e {
    case .compare(let op, .column(let i, _), .constant(let v)):
        return selectCompare(op, b.columns[i], v, selection, count: b.count)
    case .compare(let op, .constant(let v), .column(let i, _)):
        return selectCompare(op.flipped, b.columns[i], v, selection, count: b.count)
    case .stringPredicate(let p, .column(let i, _), .constant(let v)) where p.kind != .matchesRegex:
        guard case .string(let arr) = b.columns[i].storage else { return nil }
        let needle = Array(kqlString(v).utf8)
        return arr.bytes.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { nb in
                select(selection, count: b.count) { r in
                    stringPredicate(p, UnsafeBufferPointer(rebasing: bytes[Int(arr.offsets[r])..<Int(arr.offsets[r + 1])]), nb)
                }
            }
        }
    default:
        return nil
    }
}

/// Calls `keep` for each candidate row (the selection, or 0..<count) and collects those kept.
@inline(__always) private func select(_ selection: [Int]?, count: Int, _ keep: (Int) -> Bool) -> [Int] {
    var out: [Int] = []
    if let selection {
        out.reserveCapacity(selection.count)
        for r in selection where keep(r) { out.append(r) }
    } else {
        out.reserveCapacity(count / 4)
        for r in 0..<count where keep(r) { out.append(r) }
    }
    return out
}

private extension CompareOp {
    /// The operator with its operands swapped: `c < x` is `x > c`.
    var flipped: CompareOp {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}

private func selectCompare(_ op: CompareOp, _ c: Column, _ v: Value, _ selection: [Int]?, count: Int) -> [Int]? {
    let validity = c.validity
    // Null rows: `== value` is false, `!= value` is true, ordering is null (fails).
    @inline(__always) func nullPasses() -> Bool { op == .ne || op == .neCi }
    if v.isNull { return nil }
    switch c.storage {
    case .long(let xs), .datetime(let xs), .timespan(let xs):
        guard let y = int64Constant(v, column: c.type) else { return nil }
        return xs.withUnsafeBufferPointer { x in
            select(selection, count: count) { r in
                if let validity, !validity.isValid(r) { return nullPasses() }
                return compareOp(op, x[r], y)
            }
        }
    case .int(let xs):
        guard let y = int64Constant(v, column: c.type) else { return nil }
        return xs.withUnsafeBufferPointer { x in
            select(selection, count: count) { r in
                if let validity, !validity.isValid(r) { return nullPasses() }
                return compareOp(op, Int64(x[r]), y)
            }
        }
    case .dictionary(let d):
        // Decide each dictionary entry once, then test codes.
        guard case .string = v, op == .eq || op == .ne || op == .eqCi || op == .neCi else { return nil }
        guard let entryPasses = selectCompare(op, Column(.string(d.dictionary)), v, nil, count: d.dictionary.count) else { return nil }
        var pass = [Bool](repeating: false, count: d.dictionary.count)
        for e in entryPasses { pass[e] = true }
        return d.codes.withUnsafeBufferPointer { codes in select(selection, count: count) { pass[Int(codes[$0])] } }
    case .string(let arr):
        guard case .string(let needle) = v, op == .eq || op == .ne || op == .eqCi || op == .neCi else { return nil }
        let n = Array(needle.utf8)
        let want = op == .eq || op == .eqCi
        let ci = op == .eqCi || op == .neCi
        if ci && !n.allSatisfy({ $0 < 0x80 }) { return nil }
        return arr.bytes.withUnsafeBufferPointer { bytes in
            n.withUnsafeBufferPointer { nb in
                arr.offsets.withUnsafeBufferPointer { off in
                    select(selection, count: count) { r in
                        let s = Int(off[r]), len = Int(off[r + 1]) - s
                        guard len == nb.count else { return !want }
                        if len == 0 { return want }
                        // Cheap rejections before the call: first and last byte.
                        if !ci && (bytes[s] != nb[0] || bytes[s + len - 1] != nb[len - 1]) { return !want }
                        let eq = ci ? equalsIgnoringCase(UnsafeBufferPointer(rebasing: bytes[s..<s + len]), nb)
                                    : memcmp(bytes.baseAddress! + s, nb.baseAddress!, len) == 0
                        return eq == want
                    }
                }
            }
        }
    default:
        return nil
    }
}

@inline(__always) private func compareOp(_ op: CompareOp, _ x: Int64, _ y: Int64) -> Bool {
    switch op {
    case .eq, .eqCi: return x == y
    case .ne, .neCi: return x != y
    case .lt: return x < y
    case .le: return x <= y
    case .gt: return x > y
    case .ge: return x >= y
    }
}

/// The constant as the column's Int64 payload, when the comparison is exact in that domain.
private func int64Constant(_ v: Value, column: KQLType) -> Int64? {
    switch (column, v) {
    case (.datetime, .datetime(let t)), (.timespan, .timespan(let t)): return t
    case (.int, .int(let x)), (.long, .int(let x)): return Int64(x)
    case (.int, .long(let x)), (.long, .long(let x)): return x
    default: return nil
    }
}
