import KQLColumns
import KQLSyntax

/// The note for a hunt that found nothing because its data is older than its `ago()` window:
/// `ago()` counts back from the wall clock unless `--now` pins it, so an export from last month
/// run with `where Timestamp > ago(7d)` returns 0 rows without saying why.
///
/// Computed only after a query that used `ago()`, without a pinned `now`, returned no rows: for
/// each filter `Column > cutoff` (or `>=`, `cutoff < Column`, `Column between (cutoff .. x)`,
/// with the cutoff a datetime the binder folded to a constant, as it folds `ago(7d)`) directly
/// over a table scan, the column's newest value is read (one column, one pass); when every row
/// is older than the cutoff, the note says so and which `--now` replays the data.
struct StaleDataNote {
    struct Window { var table: String; var column: String; var cutoff: Int64 }

    /// The time windows of `plan`'s filters over scans (at most 8, found within 256 levels).
    static func windows(in plan: LogicalPlan) -> [Window] {
        var out: [Window] = []
        collect(plan, into: &out, depth: 0)
        return out
    }

    private static func collect(_ plan: LogicalPlan, into out: inout [Window], depth: Int) {
        guard out.count < 8, depth < 256 else { return }
        if case .filter(let f) = plan, case .scan(let s) = f.input {
            var cutoffs: [(Int, Int64)] = []
            lowerBounds(f.predicate, into: &cutoffs, depth: 0)
            for (i, c) in cutoffs where i < s.columns.count && s.columns[i] < s.tableSchema.fields.count {
                out.append(Window(table: s.table, column: s.tableSchema.fields[s.columns[i]].name, cutoff: c))
            }
        }
        for c in plan.children { collect(c, into: &out, depth: depth + 1) }
    }

    /// Lower bounds on datetime columns among the conjuncts of `e`: (input column index, cutoff).
    private static func lowerBounds(_ e: BoundExpr, into out: inout [(Int, Int64)], depth: Int) {
        guard depth < 64 else { return }
        switch e {
        case .logical(isAnd: true, let a, let b):
            lowerBounds(a, into: &out, depth: depth + 1)
            lowerBounds(b, into: &out, depth: depth + 1)
        case .compare(.gt, .column(let i, .datetime), .constant(.datetime(let c))),
             .compare(.ge, .column(let i, .datetime), .constant(.datetime(let c))),
             .compare(.lt, .constant(.datetime(let c)), .column(let i, .datetime)),
             .compare(.le, .constant(.datetime(let c)), .column(let i, .datetime)),
             .between(.column(let i, .datetime), .constant(.datetime(let c)), _, negated: false):
            out.append((i, c))
        default: break
        }
    }

    /// The note for the first window whose table has rows and no row at or after the cutoff.
    static func note(for windows: [Window], tables: [String: any TableProvider]) -> String? {
        for w in windows {
            guard let provider = tables[w.table], let newest = try? newest(w.column, in: provider), newest < w.cutoff else { continue }
            return "no rows: every \(w.table) row has \(w.column) before \(DateTime.format(w.cutoff)), where the query's time window starts "
                + "(the newest is \(DateTime.format(newest))); ago() counts back from the wall clock unless --now pins it: to hunt this data "
                + "as of its own time, use --now \(DateTime.format(newest))"
        }
        return nil
    }

    /// The newest non-null value of a datetime column (nil when it has none).
    static func newest(_ column: String, in provider: any TableProvider) throws -> Int64? {
        let stream = try provider.scan(ScanRequest(columns: [column]))
        var best: Int64? = nil
        while let group = try stream.next() {
            for b in group where !b.columns.isEmpty {
                let col = b.columns[0]
                guard case .datetime(let a) = col.storage else { return nil }
                for r in 0..<Swift.min(b.count, a.count) where col.isValid(r) && a[r] > (best ?? Int64.min) { best = a[r] }
            }
        }
        return best
    }
}
