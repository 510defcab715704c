import KQLColumns

/// `evaluate rows_near(...)` (see `Binder+RowsNear.swift`). Its input is the plugin's input
/// with the condition as one more, last, column; its output is the plugin's input schema.
struct RowsNear: TablePlugin {
    /// Rows kept before and after each row whose condition holds.
    var before: Int
    var after: Int
    var schema: Schema

    /// The largest NumRows or RowsAfter.
    static let maxRows = 1_000_000

    var name: String { "rows_near" }
    var explainProperties: [(key: String, value: String)] { [("before", String(before)), ("after", String(after))] }
}
