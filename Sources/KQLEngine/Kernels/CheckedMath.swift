import KQLColumns

// Overflow-checked Int64 helpers for kernels: every one returns nil where Swift would trap.

/// The integral part of `d` (toward zero) as Int64; nil for NaN, ±inf or outside Int64's range.
@inline(__always) func int64Truncating(_ d: Double) -> Int64? { Int64(exactly: d.rounded(.towardZero)) }

/// `d` rounded to the nearest Int64 (ties away from zero); nil for NaN, ±inf or outside Int64's range.
@inline(__always) func int64Rounding(_ d: Double) -> Int64? { Int64(exactly: d.rounded()) }

/// `a + b`, nil on overflow.
@inline(__always) func checkedAdd(_ a: Int64, _ b: Int64) -> Int64? {
    let (r, o) = a.addingReportingOverflow(b); return o ? nil : r
}

/// `a - b`, nil on overflow.
@inline(__always) func checkedSub(_ a: Int64, _ b: Int64) -> Int64? {
    let (r, o) = a.subtractingReportingOverflow(b); return o ? nil : r
}

/// `a * b`, nil on overflow.
@inline(__always) func checkedMul(_ a: Int64, _ b: Int64) -> Int64? {
    let (r, o) = a.multipliedReportingOverflow(by: b); return o ? nil : r
}

/// `a / b` truncated toward zero; nil for b == 0 and for Int64.min / -1 (overflow).
@inline(__always) func checkedDiv(_ a: Int64, _ b: Int64) -> Int64? {
    let (r, o) = a.dividedReportingOverflow(by: b); return o ? nil : r
}

/// `a % b` with the sign of a; nil for b == 0; Int64.min % -1 is 0.
@inline(__always) func checkedRem(_ a: Int64, _ b: Int64) -> Int64? {
    if b == 0 { return nil }
    return b == -1 ? 0 : a % b
}
