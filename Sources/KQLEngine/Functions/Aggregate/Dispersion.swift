import KQLColumns

// stdevp, variancep, stdevif, varianceif, variancepif (their *-aggregation-function.md pages).
// (Kusto has no stdevpif: Kusto.Language does not declare it.)

private func populationDispersion(_ name: String, stdev: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, overloads: fn([p("expr", .number)], .fixed(.real)),
        summary: stdev ? "Population standard deviation of the group (divided by n)." : "Population variance of the group (divided by n).",
        defaultName: { "\(name)_" + ($0.first.flatMap { $0 } ?? "") },
        bind: { _ in BoundAggregateKind(resultType: .real, makeAccumulator: { VarianceAccumulator(stdev: stdev, population: true) }) })
}

let stdevpAggregate = populationDispersion("stdevp", stdev: true)
let variancepAggregate = populationDispersion("variancep", stdev: false)

private func dispersionIf(_ name: String, stdev: Bool, population: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, overloads: fn([p("expr", .number), p("predicate", .type(.bool))], .fixed(.real)),
        summary: "\(population ? "Population" : "Sample") \(stdev ? "standard deviation" : "variance") of expr over the rows where the predicate is true.",
        defaultName: { "\(name)_" + ($0.first.flatMap { $0 } ?? "") },
        bind: { _ in
            BoundAggregateKind(resultType: .real, makeAccumulator: { PredicateAccumulator(VarianceAccumulator(stdev: stdev, population: population), predicate: 1) })
        })
}

let stdevifAggregate = dispersionIf("stdevif", stdev: true, population: false)
let varianceifAggregate = dispersionIf("varianceif", stdev: false, population: false)
let variancepifAggregate = dispersionIf("variancepif", stdev: false, population: true)
