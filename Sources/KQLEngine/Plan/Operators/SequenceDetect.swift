import KQLColumns
import KQLSyntax

/// `evaluate sequence_detect(...)` (see `Binder+SequenceDetect.swift`). Its input is projected
/// to (timeline, step predicate 1...steps, dimension 1...dimensions).
struct SequenceDetect: TablePlugin {
    var steps: Int
    var dimensions: Int
    /// The most time between two consecutive steps, in ticks.
    var stepWindow: Int64
    /// The most time from the first step to the last, in ticks.
    var span: Int64
    var schema: Schema
    var nameSpan: Span

    /// The most sequence occurrences one query may produce (each chain of matching events is one).
    static let maxMatches = 1_000_000

    var name: String { "sequence_detect" }
    var explainProperties: [(key: String, value: String)] {
        [("steps", String(steps)), ("dimensions", String(dimensions)),
         ("stepWindow", kqlString(.timespan(stepWindow))), ("span", kqlString(.timespan(span)))]
    }
}
