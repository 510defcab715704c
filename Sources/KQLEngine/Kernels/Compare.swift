import Foundation
import KQLColumns

/// Integer-like payloads (int, long, datetime, timespan) viewed as Int64, without copying longs.
private enum Int64Source {
    case column([Int64], Validity?)
    case scalar(Int64?)

    init?(_ d: Datum) {
        switch d {
        case .scalar(let v):
            switch v {
            case .null(let t) where t != .real && t != .string && t != .bool && t != .dynamic && t != .guid: self = .scalar(nil)
            case .int(let x): self = .scalar(Int64(x))
            case .long(let x), .datetime(let x), .timespan(let x): self = .scalar(x)
            default: return nil
            }
        case .column(let c):
            switch c.storage {
            case .long(let a), .datetime(let a), .timespan(let a): self = .column(a, c.validity)
            case .int(let a): self = .column(a.map(Int64.init), c.validity)
            default: return nil
            }
        }
    }
}

@inline(__always) private func apply(_ op: CompareOp, _ c: Int) -> Bool {
    switch op {
    case .eq, .eqCi: return c == 0
    case .ne, .neCi: return c != 0
    case .lt: return c < 0
    case .le: return c <= 0
    case .gt: return c > 0
    case .ge: return c >= 0
    }
}

/// Comparison of two data. Typed loops for integer-like and string-equality cases; a value-wise
/// loop for the rest. A comparison involving null is null (and so fails a `where`).
func compareKernel(_ op: CompareOp, _ l: Datum, _ r: Datum, count: Int) -> Datum {
    if case .scalar(let a) = l, case .scalar(let b) = r { return .scalar(compareScalar(op, a, b)) }
    if l.type != .real, r.type != .real, let a = Int64Source(l), let b = Int64Source(r) {
        return compareInt64(op, a, b, count: count)
    }
    if l.type == .string, r.type == .string, op == .eq || op == .ne || op == .eqCi || op == .neCi {
        return compareStrings(op, l, r, count: count)
    }
    var out = [Bool](repeating: false, count: count)
    var validity = Validity(count: count, allValid: true)
    var anyNull = false
    for i in 0..<count {
        switch compareScalar(op, l.value(at: i), r.value(at: i)) {
        case .bool(let b): out[i] = b
        default: validity.set(i, false); anyNull = true
        }
    }
    return .column(Column(.bool(out), validity: anyNull ? validity : nil))
}

func compareScalar(_ op: CompareOp, _ x0: Value, _ y0: Value) -> Value {
    let a = unwrapDynamicScalar(x0), b = unwrapDynamicScalar(y0)
    if op == .eqCi || op == .neCi, case .string(let x) = a, case .string(let y) = b {
        let eq = x.lowercased() == y.lowercased()
        return .bool(op == .eqCi ? eq : !eq)
    }
    if a.isNull || b.isNull {
        return nullComparison(op, a.isNull, b.isNull).map(Value.bool) ?? .null(.bool)
    }
    guard let c = compareValues(a, b) else {
        if case .dynamic = a, case .dynamic = b, op == .ne || op == .neCi { return .bool(true) }
        return .null(.bool)
    }
    return .bool(apply(op, c))
}

private func compareInt64(_ op: CompareOp, _ a: Int64Source, _ b: Int64Source, count: Int) -> Datum {
    var out = [Bool](repeating: false, count: count)
    // A null scalar side: see `nullComparison`; compare against 0 and fix up below.
    let (xs, va, xNull): ([Int64]?, Validity?, Bool) = { switch a { case .column(let c, let v): return (c, v, false); case .scalar(let x): return (nil, nil, x == nil) } }()
    let (ys, vb, yNull): ([Int64]?, Validity?, Bool) = { switch b { case .column(let c, let v): return (c, v, false); case .scalar(let y): return (nil, nil, y == nil) } }()
    let xConst: Int64 = { if case .scalar(let x) = a { return x ?? 0 }; return 0 }()
    let yConst: Int64 = { if case .scalar(let y) = b { return y ?? 0 }; return 0 }()
    out.withUnsafeMutableBufferPointer { o in
        if let xs, ys == nil {
            let y = yConst
            xs.withUnsafeBufferPointer { x in
                switch op {
                case .eq, .eqCi: for i in 0..<count { o[i] = x[i] == y }
                case .ne, .neCi: for i in 0..<count { o[i] = x[i] != y }
                case .lt: for i in 0..<count { o[i] = x[i] < y }
                case .le: for i in 0..<count { o[i] = x[i] <= y }
                case .gt: for i in 0..<count { o[i] = x[i] > y }
                case .ge: for i in 0..<count { o[i] = x[i] >= y }
                }
            }
        } else {
            for i in 0..<count {
                let x = xs?[i] ?? xConst, y = ys?[i] ?? yConst
                o[i] = apply(op, x == y ? 0 : (x < y ? -1 : 1))
            }
        }
    }
    if va == nil && vb == nil && !xNull && !yNull { return .column(Column(.bool(out))) }
    var validity = Validity(count: count, allValid: true)
    var anyNull = false
    for i in 0..<count {
        let an = xNull || !(va?.isValid(i) ?? true), bn = yNull || !(vb?.isValid(i) ?? true)
        guard an || bn else { continue }
        if let r = nullComparison(op, an, bn) { out[i] = r } else { validity.set(i, false); anyNull = true }
    }
    return .column(Column(.bool(out), validity: anyNull ? validity : nil))
}

/// Kusto's comparisons with null: null == value is false and null != value is true; null
/// compared with null, and ordering comparisons with null, are null.
@inline(__always) func nullComparison(_ op: CompareOp, _ leftNull: Bool, _ rightNull: Bool) -> Bool? {
    if leftNull && rightNull { return nil }
    switch op {
    case .eq, .eqCi: return false
    case .ne, .neCi: return true
    default: return nil
    }
}

/// String equality: byte comparison for case-sensitive, ASCII folding (Unicode fallback) for `=~`.
private func compareStrings(_ op: CompareOp, _ l: Datum, _ r: Datum, count: Int) -> Datum {
    let wantEqual = op == .eq || op == .eqCi
    let ci = op == .eqCi || op == .neCi
    var out = [Bool](repeating: false, count: count)
    switch (l, r) {
    case (.column(let c), .scalar(let s)), (.scalar(let s), .column(let c)):
        guard case .string(let arr) = c.storage, case .string(let needle) = s else { break }
        let n = Array(needle.utf8)
        arr.bytes.withUnsafeBufferPointer { bytes in
            n.withUnsafeBufferPointer { nb in
                for i in 0..<count {
                    let start = Int(arr.offsets[i]), len = Int(arr.offsets[i + 1]) - start
                    let eq: Bool
                    if len != nb.count && !(ci && !isASCII(nb)) {
                        eq = false
                    } else if ci {
                        eq = equalsIgnoringCase(UnsafeBufferPointer(rebasing: bytes[start..<start + len]), nb)
                    } else {
                        eq = len == 0 || memcmp(bytes.baseAddress! + start, nb.baseAddress!, len) == 0
                    }
                    out[i] = eq == wantEqual
                }
            }
        }
        return .column(Column(.bool(out)))
    default: break
    }
    for i in 0..<count {
        guard case .string(let a) = l.value(at: i), case .string(let b) = r.value(at: i) else { continue }
        let eq = ci ? a.lowercased() == b.lowercased() : a == b
        out[i] = eq == wantEqual
    }
    return .column(Column(.bool(out)))
}

@inline(__always) func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    for c in b where c >= 0x80 { return false }
    return true
}

@inline(__always) func asciiLower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

/// Case-insensitive equality: ASCII folding, falling back to Unicode lowercasing for other text.
func equalsIgnoringCase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    if isASCII(a) && isASCII(b) {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where asciiLower(a[i]) != asciiLower(b[i]) { return false }
        return true
    }
    return String(decoding: a, as: UTF8.self).lowercased() == String(decoding: b, as: UTF8.self).lowercased()
}
