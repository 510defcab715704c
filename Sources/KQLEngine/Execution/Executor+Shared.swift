import KQLColumns

extension Executor {
    /// A shared plan runs once per query; later references reuse its result.
    func runShared(_ s: LogicalPlan.Shared) throws -> Table {
        if let r = context.sharedResults[s.id] { return r }
        // Held for the whole query (every reference reads it): not released.
        let r = try run(s.plan)
        try context.reserve(r.approximateBytes, for: "materialize (a shared plan)")
        context.sharedResults[s.id] = r
        return r
    }
}
