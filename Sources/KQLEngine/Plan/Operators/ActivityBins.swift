import KQLColumns

/// The bins of an activity plugin (sliding_window_counts, activity_counts_metrics, …): bin k covers
/// [start + k·size, start + (k+1)·size), k < count, in the timeline's units, counted from `origin`.
/// A datetime timeline's origin is Start's exact ticks, so times go to Double only as differences
/// from it (exact within ±28 years; absolute ticks would round to 128-tick steps near a boundary).
struct ActivityBins {
    var start: Double
    var size: Double
    var count: Int
    var timeType: KQLType
    /// Ticks subtracted from a datetime before it becomes a Double; 0 for a numeric timeline.
    var origin: Int64 = 0

    /// A timeline value in the bins' units (relative to `origin`); nil for null or out of range.
    func relative(_ v: Value) -> Double? {
        if case .datetime(let x) = v {
            let (d, overflow) = x.subtractingReportingOverflow(origin)
            return overflow ? nil : Double(d)
        }
        return numericDouble(v)
    }

    /// The most bins from Start to End.
    static let maxBins = 100_000

    /// The bin a timeline value falls in; nil for null or outside Start … End's bin.
    func bin(_ v: Value) -> Int? { relative(v).flatMap(bin(relative:)) }

    /// The bin of a value already made relative (`relative(_:)`).
    func bin(relative t: Double) -> Int? {
        let k = ((t - start) / size).rounded(.down)
        return k >= 0 && k < Double(count) ? Int(k) : nil
    }

    /// Bin k's start, as a value of the timeline's type.
    func value(_ k: Int) -> Value {
        let at = start + Double(k) * size
        switch timeType {
        case .datetime: return .datetime(origin &+ Int64(at.rounded()))
        case .real: return .real(at)
        case .int: return .int(Int32(clamping: Int64(at)))
        default: return .long(Int64(at))
        }
    }
}
