/// `take N` over a scan (through operators that keep one output row per input row: project,
/// extend, rename) tells the scan that N rows are enough, so a streaming reader stops there.
/// Safe because the `take` stays: a reader may return more rows than the limit, never fewer
/// than it has. A filter, a union or any other operator in between stops the pushdown.
enum LimitPushdown {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        let p = plan.rewritingChildren(apply)
        guard case .take(var take) = p else { return p }
        take.input = limited(take.input, take.rows)
        return .take(take)
    }

    private static func limited(_ plan: LogicalPlan, _ n: Int) -> LogicalPlan {
        switch plan {
        case .scan(var scan):
            scan.limit = min(scan.limit ?? n, n)
            return .scan(scan)
        case .project(var project):
            project.input = limited(project.input, n)
            return .project(project)
        default:
            return plan
        }
    }
}
