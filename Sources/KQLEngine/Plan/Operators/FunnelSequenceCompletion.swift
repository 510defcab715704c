import KQLColumns

/// `evaluate funnel_sequence_completion(...)` (see `Binder+FunnelSequenceCompletion.swift`).
struct FunnelSequenceCompletion: TablePlugin {
    var idColumn: Int
    var timeColumn: Int
    var stateColumn: Int
    var axis: FunnelAxis
    var sequence: [String]
    /// The periods (MaxSequenceStepPeriods), in the axis' unit, with their values as given.
    var periods: [(length: Int64, value: Value)]
    var schema: Schema

    var name: String { "funnel_sequence_completion" }
    var explainProperties: [(key: String, value: String)] {
        [("sequence", explainList(sequence)), ("periods", explainList(periods.map { kqlString($0.value) }))]
    }
}
