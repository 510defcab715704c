import KQLColumns
import KQLSyntax

/// What basket, autocluster and diffpatterns share: which input columns are dimensions (every
/// column but the weight column, diffpatterns' split column and dynamic columns), the row weights,
/// and the wildcard each output column shows where a pattern does not restrict it.
struct PatternColumns {
    /// Input column indices that are dimensions.
    var dimensions: [Int]
    /// The weight column's index, if any.
    var weight: Int?
    /// Per input column, the value shown where a pattern leaves it free.
    var wildcards: [Value]
    /// The input columns shown in the output (all but diffpatterns' split column), in order.
    var shown: [Int]
}

/// `evaluate basket([Threshold, WeightColumn, MaxDimensions, CustomWildcard, ...])` (see `Binder+Basket.swift`).
struct Basket: TablePlugin {
    var columns: PatternColumns
    var threshold: Double
    var maxDimensions: Int
    var schema: Schema
    var nameSpan: Span

    var name: String { "basket" }
    var explainProperties: [(key: String, value: String)] {
        [("threshold", formatReal(threshold)), ("maxDimensions", String(maxDimensions))]
    }
}

/// `evaluate autocluster([SizeWeight, WeightColumn, NumSeeds, CustomWildcard, ...])` (see `Binder+Autocluster.swift`).
struct Autocluster: TablePlugin {
    var columns: PatternColumns
    var sizeWeight: Double
    var seeds: Int
    var schema: Schema
    var nameSpan: Span

    var name: String { "autocluster" }
    var explainProperties: [(key: String, value: String)] {
        [("sizeWeight", formatReal(sizeWeight)), ("seeds", String(seeds))]
    }
}

/// `evaluate diffpatterns(SplitColumn, SplitValueA, SplitValueB [, WeightColumn, Threshold, MaxDimensions, CustomWildcard, ...])`
/// (see `Binder+DiffPatterns.swift`).
struct DiffPatterns: TablePlugin {
    var columns: PatternColumns
    var split: Int
    var valueA: String
    var valueB: String
    var threshold: Double
    var maxDimensions: Int
    var schema: Schema
    var nameSpan: Span

    var name: String { "diffpatterns" }
    var explainProperties: [(key: String, value: String)] {
        [("split", String(split)), ("a", valueA), ("b", valueB), ("threshold", formatReal(threshold)), ("maxDimensions", String(maxDimensions))]
    }
}
