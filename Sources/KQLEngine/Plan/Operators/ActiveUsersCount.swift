import KQLColumns

/// `evaluate active_users_count(...)` (see `Binder+ActiveUsersCount.swift`). Its input is
/// projected to (id, timeline, dimension 1 … n); times in the timeline's units.
struct ActiveUsersCount: TablePlugin {
    var bins: ActivityBins
    var lookback: Double
    var period: Double
    var activePeriods: Int
    var schema: Schema

    var name: String { "active_users_count" }
    var explainProperties: [(key: String, value: String)] {
        [("bins", String(bins.count)), ("activePeriods", String(activePeriods))]
    }
}
