import KQLColumns

/// `evaluate activity_metrics(...)` (see `Binder+ActivityMetrics.swift`). Its input is projected
/// to (id, timeline, dimension 1 … n).
struct ActivityMetrics: TablePlugin {
    var bins: ActivityBins
    var schema: Schema

    var name: String { "activity_metrics" }
    var explainProperties: [(key: String, value: String)] { [("bins", String(bins.count))] }
}
