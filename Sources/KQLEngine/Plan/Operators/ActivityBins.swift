import KQLColumns

/// The bins of an activity plugin (sliding_window_counts, activity_counts_metrics): bin k covers
/// [start + k·size, start + (k+1)·size), k < count, in the timeline's units.
struct ActivityBins {
    var start: Double
    var size: Double
    var count: Int
    var timeType: KQLType

    /// The most bins from Start to End.
    static let maxBins = 100_000

    /// The bin a timeline value falls in; nil for null or outside Start … End's bin.
    func bin(_ v: Value) -> Int? {
        let t: Double
        switch v {
        case .datetime(let x): t = Double(x)
        default: guard let x = numericDouble(v) else { return nil }; t = x
        }
        let k = ((t - start) / size).rounded(.down)
        return k >= 0 && k < Double(count) ? Int(k) : nil
    }

    /// Bin k's start, as a value of the timeline's type.
    func value(_ k: Int) -> Value {
        let at = start + Double(k) * size
        switch timeType {
        case .datetime: return .datetime(Int64(at))
        case .real: return .real(at)
        case .int: return .int(Int32(clamping: Int64(at)))
        default: return .long(Int64(at))
        }
    }
}
