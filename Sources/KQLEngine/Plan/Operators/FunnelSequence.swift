import KQLColumns
import KQLSyntax

/// `evaluate funnel_sequence(...)` (see `Binder+FunnelSequence.swift`). Input columns are
/// referred to by index; the axis values (Start, End, windows) are ticks for a datetime or
/// timespan timeline, plain numbers for a long one.
struct FunnelSequence: TablePlugin {
    var idColumn: Int
    var timeColumn: Int
    var stateColumn: Int
    var axis: FunnelAxis
    var stepWindow: Int64
    var sequence: [String]
    /// Which of the page's three tables: #1 groups by prev and next, #2 by prev, #3 by next.
    var table: Output = .prevNext
    var schema: Schema

    enum Output: Int, CaseIterable {
        case prevNext = 1, prev, next
        var groupsPrev: Bool { self != .next }
        var groupsNext: Bool { self != .prev }
        /// The result table's name when the plugin ends a query (the page names none).
        var resultName: String { ["", "prev_sequence_next", "prev_sequence", "sequence_next"][rawValue] }
    }

    /// The most IDs listed in `samples` (the page's maximum).
    static let maxSamples = 128

    var name: String { "funnel_sequence" }
    var explainProperties: [(key: String, value: String)] {
        [("sequence", explainList(sequence)), ("stepWindow", String(stepWindow)), ("table", String(table.rawValue))]
    }
}

/// The analysis axis of the funnel plugins: [start, end) cut into bins of `step`, all in one unit
/// (ticks for datetime and timespan timelines, the number for a long one).
struct FunnelAxis {
    var type: KQLType
    var start: Int64
    var end: Int64
    var step: Int64

    /// The most bins an axis may have (a cap on what one query allocates).
    static let maxBins = 100_000

    var binCount: Int {
        guard end > start else { return 0 }
        // The distance as unsigned: exact however far apart start and end are.
        let span = UInt64(bitPattern: end &- start)
        return Int(min(UInt64(FunnelAxis.maxBins) + 1, (span - 1) / UInt64(step) + 1))
    }

    /// `later - earlier`, Int64.max where that overflows (a long timeline can hold any values).
    static func gap(_ later: Int64, _ earlier: Int64) -> Int64 {
        let (d, overflow) = later.subtractingReportingOverflow(earlier)
        return overflow ? (later > earlier ? .max : .min) : d
    }

    /// A timeline cell in the axis' unit, nil for null or another kind.
    func position(_ v: Value) -> Int64? {
        switch (type, v) {
        case (.datetime, .datetime(let t)), (.timespan, .timespan(let t)), (.long, .long(let t)): return t
        case (.long, .int(let x)): return Int64(x)
        default: return nil
        }
    }

    /// The bin a position falls in, nil outside [start, end).
    func bin(_ p: Int64) -> Int? {
        guard p >= start, p < end else { return nil }
        return Int(UInt64(bitPattern: p &- start) / UInt64(step))
    }

    /// A bin's first value, typed as the timeline.
    func value(ofBin b: Int) -> Value {
        let x = start &+ Int64(b) &* step
        switch type {
        case .datetime: return .datetime(x)
        case .timespan: return .timespan(x)
        default: return .long(x)
        }
    }
}
