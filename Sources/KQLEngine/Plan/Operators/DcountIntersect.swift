import KQLColumns

/// `evaluate dcount_intersect(...)` (see `Binder+DcountIntersect.swift`). Its input is projected
/// to the `sets` sketch columns.
struct DcountIntersect: TablePlugin {
    var sets: Int
    var schema: Schema

    /// The most sets: an estimated intersection of k dense sketches takes 2^k unions.
    static let maxSets = 10

    var name: String { "dcount_intersect" }
    var explainProperties: [(key: String, value: String)] { [("sets", String(sets))] }
}
