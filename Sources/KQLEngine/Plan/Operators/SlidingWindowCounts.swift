import KQLColumns

/// `evaluate sliding_window_counts(...)` (see `Binder+SlidingWindowCounts.swift`). Its input is
/// projected to (id, timeline, dimension 1 … n).
struct SlidingWindowCounts: TablePlugin {
    var bins: ActivityBins
    /// The window, in bins, that ends with each bin.
    var lookbackBins: Int
    var schema: Schema

    var name: String { "sliding_window_counts" }
    var explainProperties: [(key: String, value: String)] { [("bins", String(bins.count)), ("lookbackBins", String(lookbackBins))] }
}
