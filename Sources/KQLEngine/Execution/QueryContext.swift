import KQLColumns

/// One query run's state, shared by every operator of the run: the results of shared plans and
/// subqueries, each computed once. (Cancellation, the deadline and memory accounting join it.)
final class QueryContext {
    /// Results of shared plans (`materialize()`, tabular lets read more than once), by plan id.
    var sharedResults: [Int: Table] = [:]
    /// First-column values of subqueries already run, by subquery id.
    var subqueryColumns: [Int: [Value]] = [:]
    init() {}
}
