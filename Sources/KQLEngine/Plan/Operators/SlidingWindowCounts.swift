import KQLColumns

/// `evaluate sliding_window_counts(...)` (see `Binder+SlidingWindowCounts.swift`). Its input is
/// projected to (id, timeline, dimension 1 … n); times are in the timeline's units (ticks for a
/// datetime).
struct SlidingWindowCounts: TablePlugin {
    /// The first bin's start; bin k covers [start + k·bin, start + (k+1)·bin), k < bins.
    var start: Double
    var bins: Int
    var bin: Double
    /// The window, in bins, that ends with each bin.
    var lookbackBins: Int
    var timeType: KQLType
    var schema: Schema

    /// The most bins from Start to End.
    static let maxBins = 100_000

    var name: String { "sliding_window_counts" }
    var explainProperties: [(key: String, value: String)] { [("bins", String(bins)), ("lookbackBins", String(lookbackBins))] }
}
