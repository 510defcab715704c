import KQLColumns

/// `evaluate activity_counts_metrics(...)` (see `Binder+ActivityCountsMetrics.swift`). Its input
/// is projected to (id, timeline, dimension 1 … n).
struct ActivityCountsMetrics: TablePlugin {
    var bins: ActivityBins
    var schema: Schema

    var name: String { "activity_counts_metrics" }
    var explainProperties: [(key: String, value: String)] { [("bins", String(bins.count))] }
}
